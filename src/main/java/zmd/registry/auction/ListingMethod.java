package zmd.registry.auction;

/** How a listing is offered (出让方式): the SDL's ListingMethod and the listing table's check, defined here once. */
public enum ListingMethod {
    /** 拍卖. */
    AUCTION,
    /** 挂牌. */
    LISTING,
    /** 招标. */
    TENDER
}
