package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import zmd.registry.core.Patched;

/**
 * The fields of a DRAFT to change: each is absent (kept) or sent, with a value or as null. Sent as null, the
 * conditions are cleared; the method is kept; the money fields are refused as required and the dates as not
 * clearable (the service's rules).
 */
public record ListingPatch(Patched<ListingMethod> method, Patched<BigDecimal> startPriceYuan, Patched<BigDecimal> depositYuan,
                           Patched<BigDecimal> bidIncrementYuan, Patched<LocalDate> announcementDate, Patched<OffsetDateTime> biddingStart,
                           Patched<OffsetDateTime> biddingEnd, Patched<String> conditions) {
}
