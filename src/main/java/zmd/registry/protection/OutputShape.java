package zmd.registry.protection;

import zmd.registry.geo.Crs;
import zmd.registry.core.RegistryException;

/** A requested GeoJSON output of overlap geometry: CRS and decimals. */
public record OutputShape(Crs crs, int precision) {
    /** {@code crs} null for EPSG:4326, {@code precision} null for the CRS's default. */
    static OutputShape of(Crs crs, Integer precision) {
        Crs c = crs == null ? Crs.EPSG_4326 : crs;
        if (precision == null) {
            return new OutputShape(c, c.defaultPrecision());
        }
        int p = precision;
        if (p < 0 || p > 15) {
            throw RegistryException.badInput("precision", "precision is a number of decimals from 0 to 15, got " + p);
        }
        return new OutputShape(c, p);
    }
}
