package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** An auction listing (出让公告) of a block. Money in yuan, exact. */
public record Listing(
        UUID id,
        UUID parcelId,
        ListingMethod method,
        ListingStatus status,
        BigDecimal startPriceYuan,
        BigDecimal depositYuan,
        BigDecimal bidIncrementYuan,
        LocalDate announcementDate,
        OffsetDateTime biddingStart,
        OffsetDateTime biddingEnd,
        String conditions,
        OffsetDateTime announcedAt,
        BigDecimal announceFloorYuan,
        String announceEvidenceJson,
        OffsetDateTime withdrawnAt,
        String withdrawReason,
        Outcome outcome,
        int version,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        // The instant the listing is read as of (rebuilt from the change log), or null for now.
        OffsetDateTime asOf) {

    /** Dates of announcements and bidding windows are read in China Standard Time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What the platform reported: SOLD with price and winner, or UNSOLD. */
    public record Outcome(ListingResult result, BigDecimal finalPriceYuan, String winnerName, String winnerCreditCode,
                          OffsetDateTime decidedAt, String idempotencyKey, String reportedBy, OffsetDateTime reportedAt) {
    }

    public boolean visibleToPublic() {
        return ListingStatus.publicState(status, announcedAt != null);
    }
}
