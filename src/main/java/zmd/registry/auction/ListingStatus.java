package zmd.registry.auction;

import java.util.EnumSet;
import java.util.Set;
import zmd.registry.parcel.ParcelStatus;

/**
 * The lifecycle of a listing: DRAFT -> ANNOUNCED -> BIDDING -> SOLD | UNSOLD, and WITHDRAWN from DRAFT,
 * ANNOUNCED or BIDDING. Nothing else: SOLD, UNSOLD and WITHDRAWN are final.
 */
public enum ListingStatus {
    DRAFT, ANNOUNCED, BIDDING, SOLD, UNSOLD, WITHDRAWN;

    public Set<ListingStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(ANNOUNCED, WITHDRAWN);
            case ANNOUNCED -> EnumSet.of(BIDDING, WITHDRAWN);
            case BIDDING -> EnumSet.of(SOLD, UNSOLD, WITHDRAWN);
            case SOLD, UNSOLD, WITHDRAWN -> EnumSet.noneOf(ListingStatus.class);
        };
    }

    public boolean canBecome(ListingStatus to) {
        return next().contains(to);
    }

    /** Open listings hold their block: at most one per block (enforced by a partial unique index). */
    public boolean open() {
        return this == DRAFT || this == ANNOUNCED || this == BIDDING;
    }

    /** The block's status while the listing is in this state; null = leave the block as it is (a draft). */
    public ParcelStatus parcelStatus() {
        return switch (this) {
            case DRAFT -> null;
            case ANNOUNCED, BIDDING -> ParcelStatus.LISTED;
            case SOLD -> ParcelStatus.GRANTED;
            case UNSOLD, WITHDRAWN -> ParcelStatus.PLANNED;
        };
    }

    /** Platforms and the public see a listing once announced, never a draft nor a draft withdrawn unannounced. */
    public static boolean publicState(ListingStatus status, boolean everAnnounced) {
        return status != DRAFT && (status != WITHDRAWN || everAnnounced);
    }
}
