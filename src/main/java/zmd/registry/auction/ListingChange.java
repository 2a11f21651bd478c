package zmd.registry.auction;

import java.time.OffsetDateTime;
import java.util.UUID;
import zmd.registry.core.Cursors;

/**
 * One committed change of a listing in the feed. {@code seq} is gapless and in commit order; {@code visibleToPublic}
 * says whether platforms and the public may see it.
 */
public record ListingChange(long seq, UUID listingId, ListingChangeKind kind, ListingStatus status, boolean visibleToPublic,
                            OffsetDateTime changedAt, String changedBy) {

    public static final String CURSOR_TAG = "LISTING_CHANGE";

    public String cursor() {
        return cursor(seq);
    }

    public static String cursor(long seq) {
        return Cursors.encode(CURSOR_TAG, seq);
    }
}
