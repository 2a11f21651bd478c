package zmd.registry.auction;

/** What a platform reports at the end of bidding: the SDL's ListingResult. */
public enum ListingResult {
    SOLD, UNSOLD;

    /** The result a listing in a final status of bidding was reported with (SOLD or UNSOLD). */
    static ListingResult of(ListingStatus status) {
        return switch (status) {
            case SOLD -> SOLD;
            case UNSOLD -> UNSOLD;
            default -> throw new IllegalArgumentException("a listing " + status + " has no reported result");
        };
    }

    /** The listing's status once this result is reported. */
    public ListingStatus status() {
        return switch (this) {
            case SOLD -> ListingStatus.SOLD;
            case UNSOLD -> ListingStatus.UNSOLD;
        };
    }

    /** The feed's kind of the change that records it. */
    public ListingChangeKind changeKind() {
        return switch (this) {
            case SOLD -> ListingChangeKind.SOLD;
            case UNSOLD -> ListingChangeKind.UNSOLD;
        };
    }
}
