package zmd.registry;

import java.util.Locale;

/**
 * Hand-built shapes in EPSG:4547 near 确山县, in local metres from easting 495 000, northing 3 612 000: a test then
 * knows its areas exactly.
 */
public final class LocalGrid {
    public static final double E = 495_000;
    public static final double N = 3_612_000;

    private LocalGrid() {
    }

    /** The rectangle x0..x1, y0..y1 as a GeoJSON polygon ring. */
    public static String rect(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", E + x0, N + y0, E + x1, N + y0, E + x1, N + y1,
                E + x0, N + y1, E + x0, N + y0);
    }

    /** The rectangle x0..x1, y0..y1 as EWKT. */
    public static String wkt(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "SRID=4547;POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))", E + x0, N + y0, E + x1, N + y0,
                E + x1, N + y1, E + x0, N + y1, E + x0, N + y0);
    }
}
