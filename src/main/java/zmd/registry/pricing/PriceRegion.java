package zmd.registry.pricing;

/** A region a base price is published for: the province (410000), the city (411700) or one of its counties. */
public record PriceRegion(String code, String name, String level) {
}
