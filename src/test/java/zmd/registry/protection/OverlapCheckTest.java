package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.protection.Layers.rect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.Changes;
import zmd.registry.db.StatementCounter;

/**
 * Exact overlap areas on hand-built rectangles in EPSG:4547, through HTTP. The proposed block is
 * x 0..1000, y 0..500 (local metres; see {@link Layers}).
 */
class OverlapCheckTest {
    private static final String BLOCK = Layers.wkt(0, 0, 1000, 500);
    private static TestServer server;
    private static final Map<String, String> parcelIds = new HashMap<>();

    private static final String REPORT = """
            verdict blockAreaM2 toleranceM2
            rules { rule verdict summary featureCount conflictCount totalAreaM2 totalSharePercent conflictAreaM2 outsideAreaM2 outsideSharePercent
                    dataset { version }
                    features { id code kind areaM2 areaMu sharePercent sliver whollyInside featureAreaM2 } }""";

    @BeforeAll
    static void start() {
        server = TestServer.empty();
        JsonNode farmland = new Layers()
                .feature(Map.of("patch_code", "P1-inside", "land_class", "0101"), rect(100, 100, 300, 200))
                .feature(Map.of("patch_code", "P2-corner"), rect(950, 480, 1100, 600))
                .feature(Map.of("patch_code", "P3-touching"), rect(1000, 0, 1200, 500))
                .feature(Map.of("patch_code", "P4-hole"), rect(400, 400, 600, 700), rect(450, 450, 550, 550))
                .multi(Map.of("patch_code", "P5-multi"), new double[][][] {{rect(700, 0, 750, 50)}, {{2000, 0, 2050, 0, 2050, 50, 2000, 50}}})
                .feature(Map.of("patch_code", "P6-sliver"), rect(0, -100, 1000, 0.0005))
                .importAs(server, "BASIC_FARMLAND", "t1");
        assertEquals("IMPORTED", farmland.at("/data/importLayer/status").asText(), farmland.toString());
        JsonNode redLine = new Layers()
                .feature(Map.of("code", "RL-A", "name", "big one"), dense(900, -1000, 5000, 100, 300))
                .feature(Map.of("code", "RL-B", "name", "touching"), rect(-500, 0, 0, 500))
                .importAs(server, "RED_LINE", "t1");
        assertEquals("IMPORTED", redLine.at("/data/importLayer/status").asText(), redLine.toString());
        JsonNode zones = new Layers()
                .feature(Map.of("zone_code", "Z1"), rect(0, -100, 600, 600))
                .feature(Map.of("zone_code", "Z2"), rect(500, -100, 900, 600))
                .feature(Map.of("zone_code", "Z3"), rect(-400, -100, 0, 600))
                .importAs(server, "PLANNED_ZONE", "t1");
        assertEquals("IMPORTED", zones.at("/data/importLayer/status").asText(), zones.toString());
        register("T-OTHER", "PLANNED", 990, 0, 1200, 500);
        register("T-OVERLAP2", "GRANTED", 1100, 400, 1300, 600);
        register("T-TOUCH", "PLANNED", -300, 0, 0, 500);
        register("T-CANC", "CANCELLED", -200, 100, -100, 200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A rectangle whose edges carry many vertices: the red line is stored as several subdivided pieces. */
    private static double[] dense(double x0, double y0, double x1, double y1, int perEdge) {
        List<Double> xy = new ArrayList<>();
        double[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
        for (int c = 0; c < 4; c++) {
            double[] a = corners[c];
            double[] b = corners[(c + 1) % 4];
            for (int i = 0; i < perEdge; i++) {
                xy.add(a[0] + (b[0] - a[0]) * i / perEdge);
                xy.add(a[1] + (b[1] - a[1]) * i / perEdge);
            }
        }
        return xy.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void register(String code, String status, double x0, double y0, double x1, double y1) {
        boolean byListing = status.equals("GRANTED") || status.equals("LISTED");
        JsonNode r = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", Map.of("code", code, "name", code, "county", "确山县", "status", byListing ? "PLANNED" : status,
                        "geometry", Map.of("wkt", Layers.wkt(x0, y0, x1, y1)))));
        String id = r.at("/createMineParcel/id").asText();
        if (byListing) {
            // Only a listing moves a block there; the fixture needs the status, not a whole auction.
            Changes.transaction(server.db.database().dsl(), zmd.registry.access.Caller.SYSTEM, "hand edit (test)",
                    tx -> tx.update(MINE_PARCEL).set(MINE_PARCEL.STATUS, status).where(MINE_PARCEL.ID.eq(java.util.UUID.fromString(id))).execute());
        }
        parcelIds.put(code, id);
    }

    private static JsonNode check(String extraArgs) {
        return server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g" + extraArgs + ") { " + REPORT + " } }",
                Map.of("g", Map.of("wkt", BLOCK))).get("overlapCheck");
    }

    private static JsonNode feature(JsonNode rule, String code) {
        for (JsonNode f : rule.get("features")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + code + " in " + rule);
    }

    @Test
    void farmlandAreasAreExact() {
        JsonNode report = check("");
        assertEquals(500_000, report.get("blockAreaM2").asDouble(), 1e-6);
        JsonNode farmland = DemoOverlapTest.rule(report, "BASIC_FARMLAND");
        assertEquals("CONFLICT", farmland.get("verdict").asText());
        assertEquals(List.of("P1-inside", "P4-hole", "P5-multi", "P2-corner", "P6-sliver"), Layers.codes(farmland),
                "largest first; P3 only touches the block and is not listed");
        assertEquals(20_000, feature(farmland, "P1-inside").get("areaM2").asDouble(), 1e-6);
        assertTrue(feature(farmland, "P1-inside").get("whollyInside").asBoolean());
        assertEquals("0101", feature(farmland, "P1-inside").get("kind").asText());
        assertEquals(20_000 * 15 / 10_000.0, feature(farmland, "P1-inside").get("areaMu").asDouble(), 1e-9, "30 亩");
        assertEquals(4.0, feature(farmland, "P1-inside").get("sharePercent").asDouble(), 1e-9);
        assertEquals(200 * 100 - 100 * 50, feature(farmland, "P4-hole").get("areaM2").asDouble(), 1e-4, "the pond (hole) is not farmland");
        assertEquals(2_500, feature(farmland, "P5-multi").get("areaM2").asDouble(), 1e-4, "only the part of the multipolygon inside");
        assertEquals(5_000, feature(farmland, "P5-multi").get("featureAreaM2").asDouble(), 1e-4);
        assertFalse(feature(farmland, "P5-multi").get("whollyInside").asBoolean());
        assertEquals(50 * 20, feature(farmland, "P2-corner").get("areaM2").asDouble(), 1e-4);
        JsonNode sliver = feature(farmland, "P6-sliver");
        assertEquals(0.5, sliver.get("areaM2").asDouble(), 1e-4);
        assertTrue(sliver.get("sliver").asBoolean(), "0.5 m² is within the default tolerance of 1 m²");
        assertEquals(4, farmland.get("conflictCount").asInt());
        assertEquals(38_500.5, farmland.get("totalAreaM2").asDouble(), 1e-3);
        assertEquals(38_500, farmland.get("conflictAreaM2").asDouble(), 1e-3);
        assertEquals("t1", farmland.at("/dataset/version").asText());
    }

    @Test
    void toleranceDecidesWhatIsASliver() {
        JsonNode strict = DemoOverlapTest.rule(check(", rules: [BASIC_FARMLAND], toleranceM2: 0"), "BASIC_FARMLAND");
        assertEquals(5, strict.get("conflictCount").asInt());
        assertFalse(feature(strict, "P6-sliver").get("sliver").asBoolean());

        JsonNode report = check(", rules: [BASIC_FARMLAND], toleranceM2: 20000.01");
        JsonNode lax = DemoOverlapTest.rule(report, "BASIC_FARMLAND");
        assertEquals("CLEAR", lax.get("verdict").asText(), "no overlap is above the tolerance");
        assertEquals(5, lax.get("featureCount").asInt(), "slivers are still reported");
        assertEquals("CLEAR", report.get("verdict").asText());
        assertEquals(20_000.01, report.get("toleranceM2").asDouble(), 0);
    }

    @Test
    void redLinesAreSummedOverTheirPiecesAndTouchingIsNoOverlap() {
        JsonNode red = DemoOverlapTest.rule(check(", rules: [RED_LINE]"), "RED_LINE");
        assertEquals("CONFLICT", red.get("verdict").asText());
        assertEquals(List.of("RL-A"), Layers.codes(red));
        assertEquals(100 * 100, red.at("/features/0/areaM2").asDouble(), 1e-4);
        assertEquals(4_100 * 1_100, red.at("/features/0/featureAreaM2").asDouble(), 1e-2);
        long pieces = server.registry.database().dsl().fetchCount(zmd.registry.db.generated.Tables.RED_LINE_PIECE);
        assertTrue(pieces > 2, "the 1 200-vertex red line is stored as several pieces, got " + pieces);
    }

    @Test
    void plannedZoneConflictIsThePartOutside() {
        JsonNode report = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, rules: [PLANNED_ZONE]) { "
                + REPORT + " rules { outsideGeometry(crs: EPSG_4547, precision: 3) } } }", Map.of("g", Map.of("wkt", BLOCK))).get("overlapCheck");
        JsonNode zone = report.at("/rules/0");
        assertEquals("CONFLICT", zone.get("verdict").asText());
        assertEquals(100 * 500, zone.get("outsideAreaM2").asDouble(), 1e-3, "x 900..1000 lies outside both zones");
        assertEquals(10, zone.get("outsideSharePercent").asDouble(), 1e-9);
        assertEquals(50_000, zone.get("conflictAreaM2").asDouble(), 1e-3);
        assertEquals(450_000, zone.get("totalAreaM2").asDouble(), 1e-3, "the zones overlap each other: their union counts once");
        assertEquals(List.of("Z1", "Z2"), Layers.codes(zone), "Z3 only touches the block");
        assertEquals(300_000, feature(zone, "Z1").get("areaM2").asDouble(), 1e-3);
        assertEquals(200_000, feature(zone, "Z2").get("areaM2").asDouble(), 1e-3);
        JsonNode outside = zone.get("outsideGeometry");
        assertEquals(50_000, area(outside), 1e-3);
        assertEquals("EPSG:4547", outside.at("/crs/properties/name").asText());
    }

    @Test
    void otherBlocksExceptCancelledOnes() {
        JsonNode others = DemoOverlapTest.rule(check(", rules: [OTHER_MINING_RIGHT]"), "OTHER_MINING_RIGHT");
        assertEquals("CONFLICT", others.get("verdict").asText());
        assertEquals(List.of("T-OTHER"), Layers.codes(others), "T-TOUCH only touches; T-CANC is cancelled and away");
        assertEquals(10 * 500, others.at("/features/0/areaM2").asDouble(), 1e-4);
        assertEquals("PLANNED", others.at("/features/0/kind").asText());

        JsonNode touch = server.data(server.viewerKey, "query($id: ID) { overlapCheck(parcelId: $id, rules: [OTHER_MINING_RIGHT]) { " + REPORT + " } }",
                Map.of("id", parcelIds.get("T-TOUCH"))).get("overlapCheck");
        assertEquals("CLEAR", touch.get("verdict").asText(), "the cancelled block inside T-TOUCH does not count");
        JsonNode self = server.data(server.viewerKey, "query($id: ID) { overlapCheck(parcelId: $id, rules: [OTHER_MINING_RIGHT]) { " + REPORT + " } }",
                Map.of("id", parcelIds.get("T-OTHER"))).get("overlapCheck");
        JsonNode rule = self.at("/rules/0");
        assertEquals(List.of("T-OVERLAP2"), Layers.codes(rule), "a block is not compared with itself");
        assertEquals(100 * 100, rule.at("/features/0/areaM2").asDouble(), 1e-4);
    }

    @Test
    void aLayerWithoutDataIsNeverClear() {
        JsonNode all = check("");
        JsonNode mountain = DemoOverlapTest.rule(all, "MOUNTAIN_PROTECTION");
        assertEquals("NO_DATA", mountain.get("verdict").asText());
        assertTrue(mountain.get("dataset").isNull());
        assertEquals("CONFLICT", all.get("verdict").asText(), "conflicts elsewhere decide the overall verdict");
        JsonNode only = check(", rules: [MOUNTAIN_PROTECTION]");
        assertEquals("NO_DATA", only.get("verdict").asText());
    }

    @Test
    void intersectionGeometryOnRequest() {
        JsonNode farmland = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, rules: [BASIC_FARMLAND]) { rules { "
                + "features { code areaM2 g: intersection(crs: EPSG_4547, precision: 6) w: intersection } } } }",
                Map.of("g", Map.of("wkt", BLOCK))).at("/overlapCheck/rules/0");
        for (JsonNode f : farmland.get("features")) {
            assertEquals(f.get("areaM2").asDouble(), area(f.get("g")), 2e-3, f.get("code").asText());
            JsonNode position = f.get("w").get("coordinates");
            while (position.get(0).isArray()) {
                position = position.get(0);
            }
            double lon = position.get(0).asDouble();
            assertTrue(lon > 113 && lon < 115.5, "default output is longitude/latitude: " + f.get("w"));
        }
    }

    @Test
    void statementsDoNotGrowWithThePatchesHit() {
        String query = "query($g: GeometryInput) { overlapCheck(geometry: $g) { verdict rules { rule features { id areaM2 } } } }";
        long before = StatementCounter.total();
        JsonNode small = server.data(server.viewerKey, query, Map.of("g", Map.of("wkt", Layers.wkt(120, 120, 140, 140))));
        long one = StatementCounter.total() - before;
        before = StatementCounter.total();
        JsonNode big = server.data(server.viewerKey, query, Map.of("g", Map.of("wkt", BLOCK)));
        long many = StatementCounter.total() - before;
        assertEquals(1, DemoOverlapTest.rule(small.get("overlapCheck"), "BASIC_FARMLAND").get("features").size());
        assertEquals(5, DemoOverlapTest.rule(big.get("overlapCheck"), "BASIC_FARMLAND").get("features").size());
        assertEquals(one, many, "the statements of a check do not depend on the features hit");
    }

    @Test
    void filterBlocksByVerdict() {
        assertEquals(List.of("T-OTHER", "T-OVERLAP2"), codes(List.of(filter("BASIC_FARMLAND", "CONFLICT"))));
        assertEquals(List.of("T-CANC", "T-TOUCH"), codes(List.of(filter("BASIC_FARMLAND", "CLEAR"))));
        assertEquals(List.of("T-CANC", "T-OTHER", "T-TOUCH"), codes(List.of(filter("RED_LINE", "CONFLICT"))),
                "RL-A (in pieces) crosses T-OTHER; RL-B, which only touches the proposed block, holds T-TOUCH and T-CANC");
        assertEquals(List.of("T-CANC", "T-OTHER", "T-OVERLAP2"), codes(List.of(filter("OTHER_MINING_RIGHT", "CONFLICT"))));
        assertEquals(List.of("T-TOUCH"), codes(List.of(filter("OTHER_MINING_RIGHT", "CLEAR"))));
        assertEquals(List.of("T-OTHER", "T-OVERLAP2"), codes(List.of(filter("PLANNED_ZONE", "CONFLICT"))));
        assertEquals(List.of("T-CANC", "T-OTHER", "T-OVERLAP2", "T-TOUCH"), codes(List.of(filter("MOUNTAIN_PROTECTION", "NO_DATA"))));
        assertEquals(List.of(), codes(List.of(filter("MOUNTAIN_PROTECTION", "CLEAR"))));
        assertEquals(List.of("T-CANC", "T-TOUCH"), codes(List.of(filter("BASIC_FARMLAND", "CLEAR"), filter("PLANNED_ZONE", "CLEAR"))));
        Map<String, Object> lax = new HashMap<>(filter("BASIC_FARMLAND", "CONFLICT"));
        lax.put("toleranceM2", 50_000.0);
        assertEquals(List.of("T-OTHER"), codes(List.of(lax)), "T-OTHER covers all 100 000 m² of P3; T-OVERLAP2 only 10 000 m² of it");

        JsonNode totals = server.data(server.viewerKey, "query($f: MineParcelFilter) { mineParcels(filter: $f) { totalCount } }",
                Map.of("f", Map.of("overlap", filter("BASIC_FARMLAND", "CONFLICT"))));
        assertEquals(2, totals.at("/mineParcels/totalCount").asInt(), "a single filter object is accepted for the list");
        JsonNode refused = server.graphql(server.platformKey, "query($f: MineParcelFilter) { mineParcels(filter: $f) { totalCount } }",
                Map.of("f", Map.of("overlap", filter("BASIC_FARMLAND", "CONFLICT"))));
        assertEquals("FORBIDDEN", TestServer.errorCode(refused));
    }

    @Test
    void theSqlFallbackAnswersForInvalidInput() throws Exception {
        // A bowtie cannot be stored, but the filter's SQL helper must still answer rather than raise a topology error.
        var bowtie = new org.locationtech.jts.io.WKTReader().read(
                "POLYGON((495000 3612000, 495400 3612400, 495400 3612000, 495000 3612400, 495000 3612000))");
        bowtie.setSRID(4547);
        var rect = new org.locationtech.jts.io.WKTReader().read(
                "POLYGON((495000 3612000, 495400 3612000, 495400 3612200, 495000 3612200, 495000 3612000))");
        rect.setSRID(4547);
        Double area = server.registry.database().dsl()
                .select(zmd.registry.geo.Spatial.overlapArea(zmd.registry.geo.Spatial.value(bowtie), zmd.registry.geo.Spatial.value(rect)))
                .fetchSingle().value1();
        assertEquals(40_000, area, 1e-3, "the repaired bowtie's lower triangle lies in the rectangle");
    }

    @Test
    void aRedLineOfTwentyThousandVerticesIsCheckedThroughItsPieces() {
        JsonNode result = new Layers().feature(Map.of("code", "RL-HUGE"), dense(-2000, -2000, 3000, 250, 5000))
                .importAs(server, "RED_LINE", "huge");
        assertEquals("IMPORTED", result.at("/data/importLayer/status").asText(), result.toString());
        JsonNode red = DemoOverlapTest.rule(check(", rules: [RED_LINE]"), "RED_LINE");
        assertEquals(List.of("RL-HUGE"), Layers.codes(red));
        assertEquals(1000 * 250, red.at("/features/0/areaM2").asDouble(), 1e-3);
        JsonNode restore = new Layers()
                .feature(Map.of("code", "RL-A", "name", "big one"), dense(900, -1000, 5000, 100, 300))
                .feature(Map.of("code", "RL-B", "name", "touching"), rect(-500, 0, 0, 500))
                .importAs(server, "RED_LINE", "t2");
        assertEquals("IMPORTED", restore.at("/data/importLayer/status").asText());
    }

    @Test
    void badArgumentsAreRefused() {
        JsonNode both = server.graphql(server.viewerKey, "query($g: GeometryInput, $id: ID) { overlapCheck(geometry: $g, parcelId: $id) { verdict } }",
                Map.of("g", Map.of("wkt", BLOCK), "id", parcelIds.get("T-OTHER")));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(both));
        JsonNode none = server.graphql(server.viewerKey, "{ overlapCheck { verdict } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(none));
        JsonNode negative = server.graphql(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, toleranceM2: -1) { verdict } }",
                Map.of("g", Map.of("wkt", BLOCK)));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(negative));
        JsonNode missing = server.graphql(server.viewerKey, "{ overlapCheck(parcelId: \"00000000-0000-0000-0000-000000000000\") { verdict } }");
        assertEquals("NOT_FOUND", TestServer.errorCode(missing));
        JsonNode swapped = server.graphql(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g) { verdict } }",
                Map.of("g", Map.of("geojson", Map.of("type", "Polygon", "coordinates",
                        List.of(List.of(List.of(32.6, 114.0), List.of(32.6, 114.01), List.of(32.61, 114.01), List.of(32.6, 114.0)))))));
        assertEquals("INVALID_GEOMETRY", TestServer.errorCode(swapped));
        assertTrue(TestServer.errorMessage(swapped).contains("latitude, longitude"), TestServer.errorMessage(swapped));
    }

    private static Map<String, Object> filter(String rule, String verdict) {
        return Map.of("rule", rule, "verdict", verdict);
    }

    private static List<String> codes(List<Map<String, Object>> overlap) {
        JsonNode nodes = server.data(server.viewerKey, "query($f: MineParcelFilter) { mineParcels(filter: $f) { nodes { code } } }",
                Map.of("f", Map.of("overlap", overlap))).at("/mineParcels/nodes");
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get("code").asText()));
        return out;
    }

    /** Planar area of a GeoJSON Polygon or MultiPolygon (shoelace, holes subtracted). */
    static double area(JsonNode geojson) {
        JsonNode g = geojson.isTextual() ? read(geojson.asText()) : geojson;
        List<JsonNode> polygons = new ArrayList<>();
        if (g.get("type").asText().equals("Polygon")) {
            polygons.add(g.get("coordinates"));
        } else {
            g.get("coordinates").forEach(polygons::add);
        }
        double sum = 0;
        for (JsonNode polygon : polygons) {
            for (int r = 0; r < polygon.size(); r++) {
                JsonNode ring = polygon.get(r);
                double twice = 0;
                double x0 = ring.get(0).get(0).asDouble();
                double y0 = ring.get(0).get(1).asDouble();
                for (int i = 0; i + 1 < ring.size(); i++) {
                    double ax = ring.get(i).get(0).asDouble() - x0;
                    double ay = ring.get(i).get(1).asDouble() - y0;
                    double bx = ring.get(i + 1).get(0).asDouble() - x0;
                    double by = ring.get(i + 1).get(1).asDouble() - y0;
                    twice += ax * by - bx * ay;
                }
                sum += (r == 0 ? 1 : -1) * Math.abs(twice) / 2;
            }
        }
        return sum;
    }

    private static JsonNode read(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
