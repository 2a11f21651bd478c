package zmd.registry.geo;

import zmd.registry.core.RegistryException;

/** The coordinate systems the registry speaks. Storage is EPSG:4490; areas are computed in EPSG:4547. */
public enum Crs {
    /** WGS 84, lon/lat: GeoJSON (RFC 7946) and web maps. */
    EPSG_4326(4326, 8, true),
    /** CGCS2000 geographic, lon/lat: the national datum, the storage CRS. */
    EPSG_4490(4490, 8, true),
    /** CGCS2000 / 3-degree Gauss-Krueger CM 114E (zone 38, false easting 500 000 m), metres. */
    EPSG_4547(4547, 3, false),
    /** The same zone with the zone number in front of the easting (38 500 000 m). Input only. */
    EPSG_4526(4526, 3, false);

    public static final int STORAGE_SRID = 4490;
    public static final int AREA_SRID = 4547;
    /** The zone-38 prefix of EPSG:4526 eastings. */
    public static final double ZONE_38_OFFSET = 38_000_000d;

    private final int srid;
    private final int defaultPrecision;
    private final boolean geographic;

    Crs(int srid, int defaultPrecision, boolean geographic) {
        this.srid = srid;
        this.defaultPrecision = defaultPrecision;
        this.geographic = geographic;
    }

    public int srid() {
        return srid;
    }

    /** Decimal digits that keep about a millimetre. */
    public int defaultPrecision() {
        return defaultPrecision;
    }

    /**
     * The output CRS a caller named (a constant's name). An explicit null, which replaces the schema's default, is
     * refused as BAD_USER_INPUT; it used to fail as INTERNAL.
     */
    public static Crs named(String name) {
        if (name == null) {
            throw RegistryException.badInput("crs", "crs cannot be null: leave it out for the field's default");
        }
        return valueOf(name);
    }

    /** The decimals a caller asked for in this CRS, or its default; see {@link #decimals}. */
    public int precision(Integer asked) {
        return decimals(asked, defaultPrecision);
    }

    /** Decimals asked for an output (0 to 15, as PostGIS writes them), or {@code fallback}; else BAD_USER_INPUT. */
    public static int decimals(Integer asked, int fallback) {
        if (asked == null) {
            return fallback;
        }
        if (asked < 0 || asked > 15) {
            throw RegistryException.badInput("precision", "precision is a number of decimals from 0 to 15, got " + asked);
        }
        return asked;
    }

    public boolean geographic() {
        return geographic;
    }

    private static final java.util.regex.Pattern EPSG_NAME = java.util.regex.Pattern.compile("EPSG:{1,2}(\\d+)$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The EPSG code in a legacy GeoJSON crs name ("urn:ogc:def:crs:EPSG::4490", "EPSG:4490", CRS84), or null. */
    public static Integer epsgOfName(String name) {
        String n = name.strip();
        if (n.toUpperCase(java.util.Locale.ROOT).endsWith("CRS84")) {
            return 4326;
        }
        java.util.regex.Matcher m = EPSG_NAME.matcher(n);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    public static Crs ofSrid(int srid) {
        for (Crs c : values()) {
            if (c.srid == srid) {
                return c;
            }
        }
        throw new IllegalArgumentException("unsupported SRID " + srid + " (use 4490, 4326, 4547 or 4526)");
    }
}
