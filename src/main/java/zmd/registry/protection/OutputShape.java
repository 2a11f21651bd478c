package zmd.registry.protection;

import zmd.registry.geo.Crs;

/** A requested GeoJSON output of overlap geometry: CRS and decimals. */
public record OutputShape(Crs crs, int precision) {
    /** {@code crs} null for EPSG:4326, {@code precision} null for the CRS's default. */
    static OutputShape of(Crs crs, Integer precision) {
        Crs c = crs == null ? Crs.EPSG_4326 : crs;
        return new OutputShape(c, c.precision(precision));
    }
}
