package zmd.registry.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTReader;

class SyntheticBlockTest {
    @Test
    void hasTheStatedAreaAndIsAValidIrregularPolygon() throws Exception {
        double[][] corners = SyntheticBlock.corners(440_000, 3_625_000, 5.3782e6, 202001);
        assertEquals(5.3782e6, SyntheticBlock.shoelace(corners), 1e-3);
        var polygon = new WKTReader().read(SyntheticBlock.wkt4547(corners).substring("SRID=4547;".length()));
        assertTrue(polygon.isValid());
        assertEquals(5.3782e6, polygon.getArea(), 0.01, "6 decimals of metres keep the area");
        assertTrue(corners.length >= 8);
        assertTrue(Math.abs(polygon.getArea() - polygon.getEnvelope().getArea()) > 0.1 * polygon.getArea(), "not a rectangle");
    }

    @Test
    void isDeterministic() {
        assertEquals(SyntheticBlock.wkt4547(SyntheticBlock.corners(1, 2, 1e6, 7)), SyntheticBlock.wkt4547(SyntheticBlock.corners(1, 2, 1e6, 7)));
    }

    @Test
    void dropsTheTranscribersGlossOnly() {
        assertEquals("荒料", DemoData.withoutGloss("荒料 (dimension-stone blocks)"));
        assertEquals("预估资源量", DemoData.withoutGloss("预估资源量 (estimate, unclassified)"));
        assertEquals("查明保有（122b）类资源储量", DemoData.withoutGloss("查明保有（122b）类资源储量"));
    }
}
