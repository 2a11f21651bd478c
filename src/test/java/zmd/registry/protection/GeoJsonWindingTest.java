package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * Every GeoJSON output field follows RFC 7946's right-hand rule (exterior rings counter-clockwise, holes
 * clockwise) in every CRS, whatever the input's winding, and is a MultiPolygon where the schema says so.
 * The winding is computed here from the coordinates, not asked of PostGIS.
 */
class GeoJsonWindingTest {
    private static final List<String> CRSES = List.of("EPSG_4326", "EPSG_4490", "EPSG_4547");
    private static TestServer server;
    private static String blockId;

    /** Corners of a rectangle in local coordinates, clockwise (the surveyor's usual order), not closed. */
    private static double[] cw(double x0, double y0, double x1, double y1) {
        return new double[] {x0, y0, x0, y1, x1, y1, x1, y0};
    }

    private static Map<String, Object> corner(int no, double east, double north) {
        return Map.of("no", no, "x", Layers.N + north, "y", 38_000_000 + Layers.E + east);
    }

    @BeforeAll
    static void start() {
        server = TestServer.empty();
        // Clockwise exterior and a counter-clockwise hole: both the opposite of RFC 7946.
        List<Map<String, Object>> exterior = List.of(corner(1, 0, 0), corner(2, 0, 500), corner(3, 1000, 500), corner(4, 1000, 0));
        List<Map<String, Object>> hole = List.of(corner(5, 100, 100), corner(6, 200, 100), corner(7, 200, 200), corner(8, 100, 200));
        Map<String, Object> in = Map.of("code", "W-1", "name", "winding", "county", "确山县", "elevationTopM", 300, "elevationBottomM", 120,
                "reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "1", "unit", "万吨", "category", "333")),
                "geometry", Map.of("cornerPoints", Map.of("zonePrefixed", true,
                        "rings", List.of(Map.of("points", exterior), Map.of("hole", true, "points", hole)))));
        blockId = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", in)).at("/createMineParcel/id").asText();
        JsonNode farmland = new Layers()
                .feature(Map.of("patch_code", "CW-1"), cw(900, 400, 1100, 600))
                .feature(Map.of("patch_code", "CW-2"), cw(300, -100, 600, 300), new double[] {400, 100, 500, 100, 500, 200, 400, 200})
                .importAs(server, "BASIC_FARMLAND", "w1");
        assertEquals("IMPORTED", farmland.at("/data/importLayer/status").asText(), farmland.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Twice the signed area of a ring (shoelace): positive when counter-clockwise. */
    static double signedArea(JsonNode ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            JsonNode a = ring.get(i);
            JsonNode b = ring.get(i + 1);
            sum += a.get(0).asDouble() * b.get(1).asDouble() - b.get(0).asDouble() * a.get(1).asDouble();
        }
        return sum;
    }

    /** Asserts a MultiPolygon with every exterior ring counter-clockwise and every hole clockwise; returns the hole count. */
    static int assertRightHandMultiPolygon(JsonNode geojson, String what) {
        assertEquals("MultiPolygon", geojson.get("type").asText(), what + ": " + geojson);
        int holes = 0;
        for (JsonNode polygon : geojson.get("coordinates")) {
            assertTrue(signedArea(polygon.get(0)) > 0, what + ": exterior ring is clockwise: " + polygon.get(0));
            for (int r = 1; r < polygon.size(); r++) {
                assertTrue(signedArea(polygon.get(r)) < 0, what + ": hole is counter-clockwise: " + polygon.get(r));
                holes++;
            }
        }
        return holes;
    }

    @Test
    void blockGeometryIsRightHandedInEveryCrs() {
        for (String crs : CRSES) {
            JsonNode p = server.data(server.viewerKey, "query($id: ID!) { mineParcel(id: $id) { g: geometry(crs: " + crs
                    + ") s: geometry(crs: " + crs + ", simplify: 1) } }", Map.of("id", blockId)).get("mineParcel");
            assertEquals(1, assertRightHandMultiPolygon(p.get("g"), "geometry in " + crs));
            assertEquals(1, assertRightHandMultiPolygon(p.get("s"), "simplified geometry in " + crs));
        }
    }

    @Test
    void overlapIntersectionsAreRightHandedMultiPolygonsInEveryCrs() {
        for (String crs : CRSES) {
            JsonNode features = server.data(server.viewerKey, "query($id: ID) { overlapCheck(parcelId: $id, rules: [BASIC_FARMLAND]) {"
                    + " rules { features { code intersection(crs: " + crs + ") } } } }", Map.of("id", blockId)).at("/overlapCheck/rules/0/features");
            assertEquals(2, features.size(), features.toString());
            int holes = 0;
            for (JsonNode f : features) {
                holes += assertRightHandMultiPolygon(f.get("intersection"), f.get("code").asText() + " in " + crs);
            }
            assertEquals(1, holes, "CW-2's hole lies inside the block: " + features);
        }
    }

    @Test
    void countyBoundariesAreRightHandedInEveryCrs() {
        for (String crs : CRSES) {
            JsonNode counties = server.data(server.viewerKey, "{ counties { code boundary(crs: " + crs + ") } }").get("counties");
            assertTrue(counties.size() > 0);
            for (JsonNode c : counties) {
                JsonNode b = c.get("boundary");
                String what = "county " + c.get("code").asText() + " in " + crs;
                for (JsonNode polygon : b.get("type").asText().equals("Polygon") ? List.of(b.get("coordinates")) : b.get("coordinates")) {
                    assertTrue(signedArea(polygon.get(0)) > 0, what + ": exterior ring is clockwise");
                }
            }
        }
    }
}
