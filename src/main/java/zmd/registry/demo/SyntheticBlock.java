package zmd.registry.demo;

import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * A plausible irregular block outline (a star-shaped polygon, so never self-intersecting) around a centre
 * in EPSG:4547, scaled so its planar area is exactly the stated area. Deterministic per seed.
 */
public final class SyntheticBlock {
    private SyntheticBlock() {
    }

    /** Corners (easting, northing) in EPSG:4547, counter-clockwise, not closed. */
    public static double[][] corners(double centreEasting, double centreNorthing, double areaM2, long seed) {
        Random random = new Random(seed);
        int n = 8 + random.nextInt(7);
        double[] angle = new double[n];
        double[] radius = new double[n];
        for (int i = 0; i < n; i++) {
            angle[i] = 2 * Math.PI * (i + 0.6 * (random.nextDouble() - 0.5)) / n;
            radius[i] = 0.65 + 0.6 * random.nextDouble();
        }
        double[][] unit = new double[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = new double[] {radius[i] * Math.cos(angle[i]), radius[i] * Math.sin(angle[i]) * 0.8};
        }
        double scale = Math.sqrt(areaM2 / shoelace(unit));
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new double[] {centreEasting + scale * unit[i][0], centreNorthing + scale * unit[i][1]};
        }
        return out;
    }

    public static String wkt4547(double[][] corners) {
        StringJoiner ring = new StringJoiner(", ", "SRID=4547;POLYGON((", "))");
        for (double[] c : corners) {
            ring.add(String.format(Locale.ROOT, "%.6f %.6f", c[0], c[1]));
        }
        ring.add(String.format(Locale.ROOT, "%.6f %.6f", corners[0][0], corners[0][1]));
        return ring.toString();
    }

    static double shoelace(double[][] c) {
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            double[] a = c[i];
            double[] b = c[(i + 1) % c.length];
            sum += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(sum) / 2;
    }
}
