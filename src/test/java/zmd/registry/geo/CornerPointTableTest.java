package zmd.registry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class CornerPointTableTest {

    private static Geometry projected(String wkt) throws Exception {
        Geometry g = new WKTReader().read(wkt);
        g.setSRID(4547);
        return g;
    }

    @Test
    void listsNorthingFirstNumberedContinuouslyAcrossRingsAndParts() throws Exception {
        Geometry g = projected("MULTIPOLYGON(((450000 3620000, 451000 3620000, 451000 3621000, 450000 3621000, 450000 3620000),"
                + "(450200 3620200, 450200 3620400, 450400 3620400, 450200 3620200)),"
                + "((452000 3620000, 453000 3620000, 453000 3621000, 452000 3620000)))");
        CornerPointTable t = CornerPointTable.of(g, false, 3);
        assertEquals(4547, t.srid());
        assertEquals(3, t.rings().size());
        assertEquals(1, t.rings().get(0).part());
        assertTrue(t.rings().get(1).hole());
        assertEquals(2, t.rings().get(2).part());
        var first = t.rings().get(0).points().get(0);
        assertEquals(1, first.no());
        assertEquals(new BigDecimal("3620000.000"), first.x());
        assertEquals(new BigDecimal("450000.000"), first.y());
        assertEquals(4, t.rings().get(0).points().size(), "the closing corner is not repeated");
        assertEquals(5, t.rings().get(1).points().get(0).no());
        assertEquals(8, t.rings().get(2).points().get(0).no());
    }

    @Test
    void zonePrefixAddsThirtyEightMillionToEastings() throws Exception {
        CornerPointTable t = CornerPointTable.of(projected("POLYGON((450000.1234 3620000, 451000 3620000, 451000 3621000, 450000.1234 3620000))"), true, 3);
        assertEquals(4526, t.srid());
        assertEquals(new BigDecimal("38450000.123"), t.rings().getFirst().points().getFirst().y());
    }
}
