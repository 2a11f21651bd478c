package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A listing to prepare as a DRAFT, as the caller sent it; the service checks every term. The block's id is the text
 * sent (it is checked after the caller's role, and messages quote it); a null start price means the block's planned
 * start price. Money is in 元.
 */
public record ListingDraft(String parcelId, ListingMethod method, BigDecimal startPriceYuan, BigDecimal depositYuan,
                           BigDecimal bidIncrementYuan, LocalDate announcementDate, OffsetDateTime biddingStart,
                           OffsetDateTime biddingEnd, String conditions) {
}
