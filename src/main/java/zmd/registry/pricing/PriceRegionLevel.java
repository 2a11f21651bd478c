package zmd.registry.pricing;

/** The level of a base-price region (schema PriceRegionLevel, the CHECK list of price_region.level). */
public enum PriceRegionLevel {
    PROVINCE,
    CITY,
    COUNTY
}
