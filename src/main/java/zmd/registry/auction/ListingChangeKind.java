package zmd.registry.auction;

/** What a change of the feed did: the SDL's ListingChangeKind and the change table's check, defined here once. */
public enum ListingChangeKind {
    CREATED, UPDATED, ANNOUNCED, BIDDING_STARTED, SOLD, UNSOLD, WITHDRAWN
}
