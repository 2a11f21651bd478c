package zmd.registry.parcel;

/** A block's status (schema ParcelStatus, the CHECK list of mine_parcel.status), with the rules that depend on it. */
public enum ParcelStatus {
    /** 规划/拟出让: staff only (ParcelService.visibleTo). */
    PLANNED,
    /** Offered on a platform: set by the listing lifecycle only. */
    LISTED,
    /** The right is granted: set by the listing lifecycle only. */
    GRANTED,
    EXPIRED,
    CANCELLED;

    /** Whether only the listing lifecycle moves a block into or out of this status (staff edits may not). */
    public boolean setByListings() {
        return this == LISTED || this == GRANTED;
    }

    /** Whether the block no longer holds its ground: other blocks' overlap checks leave it out. */
    public boolean inactive() {
        return this == EXPIRED || this == CANCELLED;
    }
}
