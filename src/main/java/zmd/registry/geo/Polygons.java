package zmd.registry.geo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Polygonal geometry as plain arrays: polygons → rings → {x0, y0, x1, y1, …} (closed). Overlap checks read
 * hundreds of layer features per request and only need their coordinates: this skips building JTS objects
 * unless a geometry is actually wanted ({@link #toJts}).
 */
public final class Polygons {
    private static final int WKB_POLYGON = 3;
    private static final int WKB_MULTIPOLYGON = 6;
    private static final int EWKB_SRID_FLAG = 0x20000000;

    private Polygons() {
    }

    /** Reads (E)WKB of a Polygon or MultiPolygon (2D; any SRID is skipped). */
    public static double[][][] fromWkb(byte[] wkb) {
        ByteBuffer b = ByteBuffer.wrap(wkb);
        b.order(b.get() == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int type = b.getInt();
        if ((type & EWKB_SRID_FLAG) != 0) {
            b.getInt();
        }
        type &= 0xFFFF;
        if (type == WKB_POLYGON) {
            return new double[][][] {polygon(b)};
        }
        if (type != WKB_MULTIPOLYGON) {
            throw new IllegalArgumentException("expected Polygon or MultiPolygon WKB, got type " + type);
        }
        double[][][] out = new double[b.getInt()][][];
        for (int i = 0; i < out.length; i++) {
            b.order(b.get() == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            b.getInt();
            out[i] = polygon(b);
        }
        return out;
    }

    private static double[][] polygon(ByteBuffer b) {
        double[][] rings = new double[b.getInt()][];
        for (int r = 0; r < rings.length; r++) {
            double[] xy = new double[2 * b.getInt()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = b.getDouble();
            }
            rings[r] = xy;
        }
        return rings;
    }

    public static Envelope envelope(double[][][] polygons) {
        Envelope e = new Envelope();
        for (double[][] polygon : polygons) {
            if (polygon.length > 0) {
                double[] shell = polygon[0];
                for (int i = 0; i < shell.length; i += 2) {
                    e.expandToInclude(shell[i], shell[i + 1]);
                }
            }
        }
        return e;
    }

    /** Planar area: shells minus holes (computed relative to the first vertex, for precision). */
    public static double area(double[][][] polygons) {
        double sum = 0;
        for (double[][] polygon : polygons) {
            for (int r = 0; r < polygon.length; r++) {
                double a = Math.abs(ringArea(polygon[r]));
                sum += r == 0 ? a : -a;
            }
        }
        return sum;
    }

    static double ringArea(double[] xy) {
        if (xy.length < 6) {
            return 0;
        }
        double x0 = xy[0];
        double y0 = xy[1];
        double twice = 0;
        for (int i = 2; i + 3 < xy.length; i += 2) {
            twice += (xy[i] - x0) * (xy[i + 3] - y0) - (xy[i + 2] - x0) * (xy[i + 1] - y0);
        }
        return twice / 2;
    }

    public static MultiPolygon toJts(double[][][] polygons, GeometryFactory factory) {
        Polygon[] out = new Polygon[polygons.length];
        for (int p = 0; p < polygons.length; p++) {
            double[][] rings = polygons[p];
            LinearRing shell = ring(rings[0], factory);
            LinearRing[] holes = new LinearRing[rings.length - 1];
            for (int r = 1; r < rings.length; r++) {
                holes[r - 1] = ring(rings[r], factory);
            }
            out[p] = factory.createPolygon(shell, holes);
        }
        return factory.createMultiPolygon(out);
    }

    private static LinearRing ring(double[] xy, GeometryFactory factory) {
        Coordinate[] c = new Coordinate[xy.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return factory.createLinearRing(c);
    }
}
