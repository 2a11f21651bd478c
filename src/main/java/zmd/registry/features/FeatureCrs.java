package zmd.registry.features;

import java.util.List;
import java.util.Locale;
import zmd.registry.core.RegistryException;

/**
 * The coordinate reference systems features are served in and filtered by (OGC API Features Part 2), named by their
 * OGC URIs. Coordinates follow each CRS's own axis order: EPSG:4326 and EPSG:4490 are latitude first, the
 * Gauss-Krüger zones northing (X) first, as Chinese corner tables read; CRS84 and EPSG:3857 are x/y.
 */
public enum FeatureCrs {
    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 8),
    EPSG_4490("http://www.opengis.net/def/crs/EPSG/0/4490", 4490, true, 8),
    EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 8),
    EPSG_4547("http://www.opengis.net/def/crs/EPSG/0/4547", 4547, true, 3),
    EPSG_4526("http://www.opengis.net/def/crs/EPSG/0/4526", 4526, true, 3),
    EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3);

    /** The storage CRS of every collection: CGCS2000 geographic. */
    public static final FeatureCrs STORAGE = EPSG_4490;

    private final String uri;
    private final int srid;
    private final boolean swapped;
    private final int decimals;

    FeatureCrs(String uri, int srid, boolean swapped, int decimals) {
        this.uri = uri;
        this.srid = srid;
        this.swapped = swapped;
        this.decimals = decimals;
    }

    public String uri() {
        return uri;
    }

    /** The PostGIS SRID; CGCS2000 and WGS 84 differ by centimetres, and PostGIS treats them as one datum. */
    public int srid() {
        return srid;
    }

    /** Whether the CRS's first axis is y (latitude or northing): coordinates are swapped from PostGIS's x/y. */
    public boolean swapped() {
        return swapped;
    }

    /** Decimals that keep about a millimetre. */
    public int decimals() {
        return decimals;
    }

    public static List<String> uris() {
        return java.util.Arrays.stream(values()).map(FeatureCrs::uri).toList();
    }

    /**
     * The CRS a parameter names: its URI, a safe CURIE ({@code [EPSG:4490]}) or the short {@code EPSG:4490}
     * form that GDAL and QGIS users type; anything else is refused with the list.
     */
    public static FeatureCrs parse(String text, String parameter) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        for (FeatureCrs c : values()) {
            if (c.uri.equalsIgnoreCase(t) || c.shortName().equals(upper) || (c == CRS84 && upper.equals("CRS84"))) {
                return c;
            }
        }
        throw RegistryException.badInput(parameter, parameter + " must be one of " + String.join(", ", uris()) + "; got "
                + zmd.registry.core.Texts.quoted(text));
    }

    /**
     * Null when a box (in PostGIS's x/y order, SRID {@code srid}) lies inside what the CRS defines, else that
     * domain in words. PostGIS cannot transform coordinates outside it, so they are refused, not passed on: most
     * often they are latitude and longitude in the wrong order.
     */
    public static String outsideDomain(int srid, double minX, double minY, double maxX, double maxY) {
        double[] d;
        String words;
        switch (srid) {
            case 4326, 4490 -> {
                d = new double[] {-180, -90, 180, 90};
                words = "longitude -180 to 180 and latitude -90 to 90";
            }
            case 3857 -> {
                d = new double[] {-20_037_508.3428, -20_048_966.1041, 20_037_508.3428, 20_048_966.1041};
                words = "x and y within ±20 037 508 m (Web Mercator)";
            }
            case 4547 -> {
                d = new double[] {0, 0, 1_000_000, 10_000_000};
                words = "easting 0 to 1 000 000 m and northing 0 to 10 000 000 m (zone 38, CM 114°E)";
            }
            case 4526 -> {
                d = new double[] {zmd.registry.geo.Crs.ZONE_38_OFFSET, 0, zmd.registry.geo.Crs.ZONE_38_OFFSET + 1_000_000, 10_000_000};
                words = "easting 38 000 000 to 39 000 000 m and northing 0 to 10 000 000 m (zone 38 with its prefix)";
            }
            default -> throw new IllegalArgumentException("no domain for EPSG:" + srid);
        }
        return minX < d[0] || minY < d[1] || maxX > d[2] || maxY > d[3] ? words : null;
    }

    /** {@code CRS84} or {@code EPSG:4490}. */
    public String shortName() {
        return this == CRS84 ? "OGC:CRS84" : "EPSG:" + srid;
    }
}
