package zmd.registry.protection;

import zmd.registry.geo.Crs;
import zmd.registry.core.RegistryException;

/** A requested GeoJSON output of overlap geometry: CRS and decimals. */
public record OutputShape(Crs crs, int precision) {
    static OutputShape of(Object crs, Object precision) {
        Crs c = crs == null ? Crs.EPSG_4326 : Crs.valueOf(crs.toString());
        if (precision == null) {
            return new OutputShape(c, c.defaultPrecision());
        }
        int p = ((Number) precision).intValue();
        if (p < 0 || p > 15) {
            throw RegistryException.badInput("precision", "precision is a number of decimals from 0 to 15, got " + p);
        }
        return new OutputShape(c, p);
    }
}
