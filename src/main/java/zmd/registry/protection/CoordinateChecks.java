package zmd.registry.protection;

import zmd.registry.geo.Crs;
import zmd.registry.geo.GeometryInputParser;

/**
 * Whether a feature's coordinates can be what the import declares: longitude before latitude (RFC 7946),
 * easting before northing, no zone prefix where none is declared. Catches the classic mistakes by the
 * numbers alone, for Chinese data: latitudes 3–54° N, longitudes 73–136° E, zone-local eastings.
 */
final class CoordinateChecks {
    private static final double MIN_EASTING = 200_000, MAX_EASTING = 800_000;
    private static final double MIN_NORTHING = 2_000_000, MAX_NORTHING = 6_000_000;

    private CoordinateChecks() {
    }

    /** A problem with the coordinates for the declared CRS, or null. */
    static String problem(double[][][] polygons, Crs crs) {
        double fx = polygons[0][0][0];
        double fy = polygons[0][0][1];
        if (crs.geographic()) {
            if (all(polygons, (x, y) -> x >= 3 && x <= 54 && y >= 73 && y <= 136)) {
                return "coordinates are in latitude, longitude order (first position " + pair(fx, fy)
                        + "); GeoJSON is longitude first (RFC 7946): swap them, e.g. " + pair(fy, fx);
            }
            double[] bad = first(polygons, (x, y) -> Math.abs(x) > 180 || Math.abs(y) > 90);
            if (bad != null) {
                return "position " + pair(bad[0], bad[1]) + " is not longitude/latitude in EPSG:" + crs.srid()
                        + "; projected coordinates need srid 4547 (or 4526 with the zone prefix)";
            }
            return null;
        }
        double offset = crs == Crs.EPSG_4526 ? Crs.ZONE_38_OFFSET : 0;
        if (all(polygons, (x, y) -> northing(x) && easting(y - offset))) {
            return "coordinates are in northing, easting order (first position " + pair(fx, fy)
                    + "); in GeoJSON x is the easting: swap them";
        }
        if (crs == Crs.EPSG_4547 && fx >= 1_000_000 && easting(fx % 1_000_000)) {
            return "easting " + num(fx) + " carries a zone prefix (" + (int) (fx / 1_000_000) + "); declare srid 4526 or drop the prefix";
        }
        double[] bad = first(polygons, (x, y) -> !easting(x - offset) || !northing(y));
        if (bad != null) {
            return "position " + pair(bad[0], bad[1]) + " is not a plausible EPSG:" + crs.srid() + " easting, northing";
        }
        return null;
    }

    private interface Test {
        boolean test(double x, double y);
    }

    private static boolean all(double[][][] polygons, Test t) {
        return first(polygons, (x, y) -> !t.test(x, y)) == null;
    }

    private static double[] first(double[][][] polygons, Test t) {
        for (double[][] polygon : polygons) {
            for (double[] ring : polygon) {
                for (int i = 0; i < ring.length; i += 2) {
                    if (t.test(ring[i], ring[i + 1])) {
                        return new double[] {ring[i], ring[i + 1]};
                    }
                }
            }
        }
        return null;
    }

    private static boolean easting(double v) {
        return v >= MIN_EASTING && v <= MAX_EASTING;
    }

    private static boolean northing(double v) {
        return v >= MIN_NORTHING && v <= MAX_NORTHING;
    }

    private static String pair(double a, double b) {
        return "[" + num(a) + ", " + num(b) + "]";
    }

    private static String num(double v) {
        return GeometryInputParser.num(v);
    }
}
