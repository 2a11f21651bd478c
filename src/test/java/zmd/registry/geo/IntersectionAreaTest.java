package zmd.registry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/** Triangle clipping against the overlay, on shapes whose areas are known exactly. */
class IntersectionAreaTest {
    private static final GeometryFactory F = new GeometryFactory();

    private static Geometry wkt(String text) {
        try {
            return new WKTReader(F).read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A rectangle in EPSG:4547-like coordinates, offset so the numbers look like the city's. */
    private static String rect(double x0, double y0, double x1, double y1) {
        double e = 495_000;
        double n = 3_612_000;
        return String.format(java.util.Locale.ROOT, "POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))",
                e + x0, n + y0, e + x1, n + y0, e + x1, n + y1, e + x0, n + y1, e + x0, n + y0);
    }

    @Test
    void rectanglesGiveExactAreas() {
        IntersectionArea block = IntersectionArea.of(wkt(rect(0, 0, 1000, 500)));
        assertEquals(500_000, block.blockArea(), 1e-6);
        assertEquals(50 * 20, block.area(wkt(rect(950, 480, 1100, 600))), 1e-6, "corner overlap 50 x 20");
        assertEquals(200 * 100, block.area(wkt(rect(100, 100, 300, 200))), 1e-6, "wholly inside");
        assertEquals(500_000, block.area(wkt(rect(-10, -10, 2000, 2000))), 1e-6, "covers the block");
        assertEquals(0, block.area(wkt(rect(2000, 0, 3000, 500))), 0, "disjoint");
    }

    @Test
    void touchingEdgesAndCornersHaveNoArea() {
        IntersectionArea block = IntersectionArea.of(wkt(rect(0, 0, 1000, 500)));
        assertEquals(0, block.area(wkt(rect(1000, 0, 1200, 500))), 1e-9, "shares the east edge");
        assertEquals(0, block.area(wkt(rect(1000, 500, 1200, 700))), 1e-9, "shares the north-east corner");
        assertEquals(0, block.area(wkt(rect(200, 500, 400, 700))), 1e-9, "shares part of the north edge");
    }

    @Test
    void slivers() {
        IntersectionArea block = IntersectionArea.of(wkt(rect(0, 0, 1000, 500)));
        assertEquals(1000 * 0.0005, block.area(wkt(rect(0, 499.9995, 1000, 600))), 1e-6, "half a millimetre along the north edge");
    }

    @Test
    void holesInTheBlockAndInTheOther() {
        Geometry withHole = wkt("POLYGON((495000 3612000, 496000 3612000, 496000 3613000, 495000 3613000, 495000 3612000),"
                + "(495200 3612200, 495800 3612200, 495800 3612800, 495200 3612800, 495200 3612200))");
        IntersectionArea block = IntersectionArea.of(withHole);
        assertEquals(1_000_000 - 360_000, block.blockArea(), 1e-6);
        assertEquals(0, block.area(wkt("POLYGON((495300 3612300, 495700 3612300, 495700 3612700, 495300 3612700, 495300 3612300))")), 1e-6,
                "a polygon in the hole does not overlap");
        assertEquals(1_000_000 - 360_000, block.area(wkt(rect(-1000, -1000, 5000, 5000))), 1e-6);
        // A frame 100 m wide straddling the hole's west edge: 100 x 600 m, half of it inside the block.
        assertEquals(50 * 600, block.area(wkt("POLYGON((495150 3612200, 495250 3612200, 495250 3612800, 495150 3612800, 495150 3612200))")), 1e-6);

        IntersectionArea plain = IntersectionArea.of(wkt(rect(0, 0, 1000, 1000)));
        assertEquals(1_000_000 - 360_000, plain.area(withHole), 1e-6, "the other polygon's hole is subtracted");
    }

    @Test
    void multiPolygonsSumTheirParts() {
        IntersectionArea block = IntersectionArea.of(wkt("MULTIPOLYGON(((495000 3612000, 495100 3612000, 495100 3612100, 495000 3612100, 495000 3612000)),"
                + "((495500 3612000, 495600 3612000, 495600 3612100, 495500 3612100, 495500 3612000)))"));
        assertEquals(20_000, block.blockArea(), 1e-6);
        assertEquals(50 * 100 + 50 * 100, block.area(wkt(rect(50, 0, 550, 100))), 1e-6, "one strip across both parts");
    }

    @Test
    void concaveShapesAgreeWithTheOverlay() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Polygon a = star(random, 495_000, 3_612_000, 800, 5 + random.nextInt(30));
            Polygon b = star(random, 495_000 + random.nextDouble() * 900 - 450, 3_612_000 + random.nextDouble() * 900 - 450,
                    300 + random.nextDouble() * 400, 3 + random.nextInt(12));
            IntersectionArea block = IntersectionArea.of(a);
            assertTrue(block.triangulated());
            double expected = OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION).getArea();
            assertEquals(expected, block.area(b), 1e-6 * Math.max(1, expected), "round " + round);
            double[][][] arrays = {{ring(b)}};
            assertEquals(expected, block.area(arrays, Polygons.envelope(arrays)), 1e-6 * Math.max(1, expected), "arrays, round " + round);
        }
    }

    @Test
    void invalidInputNeverThrows() {
        Geometry bowtie = wkt("POLYGON((495000 3612000, 495400 3612400, 495400 3612000, 495000 3612400, 495000 3612000))");
        Geometry rect = wkt(rect(0, 0, 400, 200));
        double viaOverlay = Overlays.intersection(bowtie, rect).getArea();
        assertTrue(viaOverlay > 0 && Double.isFinite(viaOverlay), "the repaired bowtie's lower triangle: " + viaOverlay);
        IntersectionArea asBlock = IntersectionArea.of(bowtie);
        double a = asBlock.area(rect);
        assertTrue(Double.isFinite(a) && a >= 0, "an invalid block still gives an area: " + a);
        assertTrue(Double.isFinite(IntersectionArea.of(rect).area(bowtie)));
    }

    @Test
    void largeBlocksTriangulate() {
        Polygon big = star(new Random(7), 495_000, 3_612_000, 3000, 20_000);
        long start = System.nanoTime();
        IntersectionArea block = IntersectionArea.of(big);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(block.triangulated());
        assertTrue(seconds < 5, "triangulating 20 000 vertices took " + seconds + " s");
        Geometry patch = wkt(rect(-2000, -100, 2000, 100));
        assertEquals(OverlayNGRobust.overlay(big, patch, OverlayNG.INTERSECTION).getArea(), block.area(patch), 1e-6);
    }

    @Test
    void smallFeaturesInsideATriangleTakeTheirOwnArea() {
        Polygon big = star(new Random(3), 495_000, 3_612_000, 2000, 24);
        IntersectionArea block = IntersectionArea.of(big);
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            double x = 495_000 + random.nextDouble() * 4000 - 2000;
            double y = 3_612_000 + random.nextDouble() * 4000 - 2000;
            Polygon patch = (Polygon) wkt(String.format(java.util.Locale.ROOT, "POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))",
                    x, y, x + 90, y + 3, x + 95, y + 88, x - 4, y + 92, x, y));
            double[][][] arrays = {{ring(patch)}};
            double expected = OverlayNGRobust.overlay(big, patch, OverlayNG.INTERSECTION).getArea();
            assertEquals(expected, block.area(arrays, Polygons.envelope(arrays)), 1e-6, "patch " + i);
        }
    }

    private static double[] ring(Polygon p) {
        Coordinate[] c = p.getExteriorRing().getCoordinates();
        double[] xy = new double[2 * c.length];
        for (int i = 0; i < c.length; i++) {
            xy[2 * i] = c[i].x;
            xy[2 * i + 1] = c[i].y;
        }
        return xy;
    }

    /** A star-shaped (so simple, never self-intersecting) polygon with radii between 0.5 and 1 times r. */
    private static Polygon star(Random random, double cx, double cy, double r, int n) {
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            double radius = r * (0.5 + 0.5 * random.nextDouble());
            ring[i] = new Coordinate(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle));
        }
        ring[n] = new Coordinate(ring[0]);
        return F.createPolygon(ring);
    }
}
