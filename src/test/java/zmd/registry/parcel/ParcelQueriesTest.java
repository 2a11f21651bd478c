package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.ACCESS_LOG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.StatementCounter;
import zmd.registry.demo.DemoData;

/** Reads over the 11 blocks of the 2020 plan, through HTTP. */
class ParcelQueriesTest {
    private static TestServer server;
    private static JsonNode plan;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.withDemoData();
        try (InputStream in = DemoData.class.getResourceAsStream(DemoData.RESOURCE)) {
            plan = new ObjectMapper().readTree(in).get("mining_rights");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> codes(Map<String, Object> filter) {
        JsonNode nodes = server.data(server.viewerKey, "query($f: MineParcelFilter) { mineParcels(filter: $f, first: 200) { nodes { code } } }",
                Map.of("f", filter)).at("/mineParcels/nodes");
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get("code").asText()));
        return out;
    }

    private static List<String> codesOf(int... seqs) {
        List<String> out = new ArrayList<>();
        for (int s : seqs) {
            out.add(DemoData.code(s));
        }
        return out;
    }

    @Test
    void theElevenBlocksMatchThePlan() {
        JsonNode nodes = server.data(server.viewerKey, """
                { mineParcels(first: 20) { totalCount nodes {
                    code name county { name code } areaKm2 serviceLifeYears elevation { topM bottomM }
                    plannedStartPrice { wanYuan } reserves { mineral quantity unit category }
                    designCapacities { mineral quantityPerYear unitPerYear } geometryNote } } }""").at("/mineParcels");
        assertEquals(11, nodes.get("totalCount").asInt());
        for (JsonNode expected : plan) {
            int seq = expected.get("seq").asInt();
            JsonNode block = nodes.get("nodes").get(seq - 1);
            assertEquals(DemoData.code(seq), block.get("code").asText());
            assertEquals(expected.get("name").asText(), block.get("name").asText());
            assertEquals(expected.get("county").asText(), block.at("/county/name").asText());
            assertEquals(0, expected.get("area_km2").decimalValue().compareTo(block.get("areaKm2").decimalValue()),
                    "area of block " + seq + " in EPSG:4547 must equal the plan's to 4 decimals");
            JsonNode reserves = block.get("reserves");
            assertEquals(expected.get("reserves").size(), reserves.size());
            for (int i = 0; i < reserves.size(); i++) {
                JsonNode r = expected.get("reserves").get(i);
                assertEquals(r.get("mineral").asText(), reserves.get(i).get("mineral").asText());
                assertEquals(0, r.get("quantity").decimalValue().compareTo(reserves.get(i).get("quantity").decimalValue()));
                assertEquals(r.get("unit").asText(), reserves.get(i).get("unit").asText());
            }
            if (expected.has("elevation_top_m")) {
                assertEquals(expected.get("elevation_top_m").asInt(), block.at("/elevation/topM").asInt());
                assertEquals(expected.get("elevation_bottom_m").asInt(), block.at("/elevation/bottomM").asInt());
                assertEquals(0, expected.get("service_life_years").decimalValue().compareTo(block.get("serviceLifeYears").decimalValue()));
            }
            if (expected.has("start_price_wan_yuan")) {
                assertEquals(0, expected.get("start_price_wan_yuan").decimalValue().compareTo(block.at("/plannedStartPrice/wanYuan").decimalValue()));
            }
            assertTrue(block.get("geometryNote").asText().startsWith("synthetic:"));
        }
        JsonNode block8 = nodes.get("nodes").get(7);
        assertEquals("122b", block8.at("/reserves/0/category").asText());
        assertEquals("万吨/年", nodes.get("nodes").get(0).at("/designCapacities/1/unitPerYear").asText());
    }

    @Test
    void filtersByCountyMineralStatusAreaAndName() {
        assertEquals(codesOf(8, 9, 10, 11), codes(Map.of("county", List.of("确山县"))));
        assertEquals(codesOf(1, 2, 3, 4, 5, 6, 7), codes(Map.of("county", List.of("411726"))));
        assertEquals(codesOf(1, 2, 3), codes(Map.of("mineral", "花岗岩")));
        assertEquals(codesOf(10, 11), codes(Map.of("mineral", "页岩")));
        // The demo's listings: block 1 sold (GRANTED), 2-10 offered (LISTED), 11 still planned.
        assertEquals(codesOf(11), codes(Map.of("status", List.of("PLANNED"))));
        assertEquals(codesOf(1), codes(Map.of("status", List.of("GRANTED"))));
        assertEquals(codesOf(2, 3, 4, 5, 6, 7, 8, 9, 10), codes(Map.of("status", List.of("LISTED"))));
        assertEquals(codesOf(7, 9, 10, 11), codes(Map.of("minAreaKm2", 1.0, "maxAreaKm2", 1.3)));
        assertEquals(codesOf(9), codes(Map.of("nameContains", "扁担山")));
        assertEquals(codesOf(10), codes(Map.of("nameContains", "南泉村", "mineral", "页岩", "county", List.of("确山县"))));
    }

    @Test
    void filtersByBboxAndByIntersectingGeometry() {
        // Blocks 8-11 lie around 113.94-114.0 E, 32.62-32.70 N.
        assertEquals(codesOf(8, 9, 10, 11), codes(Map.of("bbox", Map.of("minLon", 113.9, "minLat", 32.6, "maxLon", 114.05, "maxLat", 32.72))));
        assertEquals(List.of(), codes(Map.of("bbox", Map.of("minLon", 114.5, "minLat", 33.0, "maxLon", 114.6, "maxLat", 33.1))));
        // A square in EPSG:4547 around block 1's centre (440 000, 3 625 000) given as a corner-point table.
        Map<String, Object> square = Map.of("cornerPoints", Map.of("rings", List.of(Map.of("points", List.of(
                Map.of("x", 3_624_800, "y", 38_439_800), Map.of("x", 3_624_800, "y", 38_440_200),
                Map.of("x", 3_625_200, "y", 38_440_200), Map.of("x", 3_625_200, "y", 38_439_800))))));
        assertEquals(codesOf(1), codes(Map.of("intersects", square)));
        Map<String, Object> geojson = Map.of("geojson", Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(113.9, 32.6), List.of(114.05, 32.6), List.of(114.05, 32.72), List.of(113.9, 32.6)))));
        assertFalse(codes(Map.of("intersects", geojson)).isEmpty());
    }

    @Test
    void badFiltersAreNamed() {
        JsonNode r = server.graphql(server.viewerKey, "{ mineParcels(filter: {county: [\"郑州市\"]}) { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
        assertTrue(TestServer.errorMessage(r).contains("unknown county '郑州市'"), TestServer.errorMessage(r));
        r = server.graphql(server.viewerKey, "{ mineParcels(filter: {minAreaKm2: -1}) { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
        r = server.graphql(server.viewerKey, "{ mineParcels(first: 500) { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
        r = server.graphql(server.viewerKey, "{ mineParcels(filter: {bbox: {minLon: 114, minLat: 33, maxLon: 113, maxLat: 34}}) { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
    }

    @Test
    void pagesThroughEveryOrderingWithoutGapsOrRepeats() {
        for (String order : List.of("CODE_ASC", "NAME_ASC", "AREA_ASC", "AREA_DESC", "CREATED_AT_DESC", "UPDATED_AT_DESC")) {
            List<String> seen = new ArrayList<>();
            List<Double> areas = new ArrayList<>();
            String after = null;
            boolean more = true;
            int pages = 0;
            while (more) {
                Map<String, Object> vars = new java.util.HashMap<>(Map.of("o", order));
                vars.put("after", after);
                JsonNode page = server.data(server.viewerKey, """
                        query($o: MineParcelOrder, $after: String) { mineParcels(orderBy: $o, first: 4, after: $after) {
                          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { code areaM2 } } } }""", vars)
                        .get("mineParcels");
                assertEquals(after != null, page.at("/pageInfo/hasPreviousPage").asBoolean());
                page.get("edges").forEach(e -> {
                    seen.add(e.at("/node/code").asText());
                    areas.add(e.at("/node/areaM2").asDouble());
                });
                more = page.at("/pageInfo/hasNextPage").asBoolean();
                after = page.at("/pageInfo/endCursor").asText();
                pages++;
            }
            assertEquals(3, pages, order);
            assertEquals(11, seen.size(), order);
            assertEquals(11, new HashSet<>(seen).size(), order + ": no repeats");
            if (order.equals("CODE_ASC")) {
                assertEquals(codesOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), seen);
            }
            if (order.equals("AREA_DESC")) {
                List<Double> sorted = new ArrayList<>(areas);
                sorted.sort(java.util.Comparator.reverseOrder());
                assertEquals(sorted, areas);
                assertEquals(DemoData.code(1), seen.getFirst());
            }
        }
        String cursor = server.data(server.viewerKey, "{ mineParcels(first: 1) { pageInfo { endCursor } } }").at("/mineParcels/pageInfo/endCursor").asText();
        JsonNode wrong = server.graphql(server.viewerKey, "query($c: String) { mineParcels(orderBy: AREA_ASC, after: $c) { totalCount } }", Map.of("c", cursor));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(wrong));
        JsonNode garbage = server.graphql(server.viewerKey, "{ mineParcels(after: \"nonsense\") { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(garbage));
    }

    @Test
    void plannedBlocksAreHiddenFromThePublicAndPlatformsOnEveryPath() {
        String id = server.data(server.viewerKey, "{ mineParcelByCode(code: \"ZMD-2020-11\") { id } }").at("/mineParcelByCode/id").asText();
        for (String key : new String[] {null, server.platformKey}) {
            JsonNode visible = server.data(key, "{ mineParcels { totalCount nodes { code status } } }").get("mineParcels");
            assertEquals(10, visible.get("totalCount").asInt());
            visible.get("nodes").forEach(n -> assertTrue(!n.get("status").asText().equals("PLANNED"), n.toString()));
            assertTrue(server.data(key, "query($id: ID!) { mineParcel(id: $id) { id } }", Map.of("id", id)).get("mineParcel").isNull());
            assertTrue(server.data(key, "{ mineParcelByCode(code: \"ZMD-2020-11\") { id } }").get("mineParcelByCode").isNull());
            JsonNode planned = server.data(key, "{ mineParcels(filter: {status: [PLANNED]}) { totalCount } }");
            assertEquals(0, planned.at("/mineParcels/totalCount").asInt());
        }
        assertEquals("ZMD-2020-01", server.data(null, "{ mineParcelByCode(code: \"ZMD-2020-01\") { code } }").at("/mineParcelByCode/code").asText());
        assertEquals(11, server.data(server.editorKey, "{ mineParcels { totalCount } }").at("/mineParcels/totalCount").asInt());
    }

    @Test
    void geometryInEveryShapeAndCrs() {
        JsonNode b = server.data(server.viewerKey, """
                { mineParcelByCode(code: "ZMD-2020-08") {
                    areaM2 g4326: geometry g4547: geometry(crs: EPSG_4547, precision: 2) simple: geometry(simplify: 50)
                    wkt(crs: EPSG_4547) bbox bbox4547: bbox(crs: EPSG_4547) centroid(crs: EPSG_4547)
                    cornerPoints { srid rings { points { no x y } } } } }""").get("mineParcelByCode");
        assertEquals("MultiPolygon", b.at("/g4326/type").asText());
        double lon = b.at("/g4326/coordinates/0/0/0/0").asDouble();
        assertTrue(lon > 113.9 && lon < 114.1, "EPSG:4326 is longitude first: " + lon);
        assertEquals("EPSG:4547", b.at("/g4547/crs/properties/name").asText());
        assertTrue(b.get("wkt").asText().startsWith("MULTIPOLYGON((("));
        JsonNode bbox = b.get("bbox4547");
        assertTrue(bbox.get(0).asDouble() > 490_000 && bbox.get(2).asDouble() < 500_000, bbox.toString());
        JsonNode centroid = b.at("/centroid/coordinates");
        assertTrue(centroid.get(0).asDouble() > bbox.get(0).asDouble() && centroid.get(0).asDouble() < bbox.get(2).asDouble());
        JsonNode corners = b.at("/cornerPoints/rings/0/points");
        int n = corners.size();
        assertEquals(n + 1, b.at("/g4547/coordinates/0/0").size(), "corner table lists each corner once");
        // X is the northing: the first corner's X equals the GeoJSON's first y.
        assertEquals(b.at("/g4547/coordinates/0/0/0/1").asDouble(), corners.get(0).get("x").asDouble(), 0.01);
        assertEquals(b.at("/g4547/coordinates/0/0/0/0").asDouble(), corners.get(0).get("y").asDouble(), 0.01);
        assertTrue(b.at("/simple/coordinates/0/0").size() <= b.at("/g4326/coordinates/0/0").size());
    }

    /**
     * Entries in the access log: a page that shows PLANNED blocks' coordinates to staff adds one (one INSERT), which the
     * statement counts below leave out, as it does not grow with the page either.
     */
    private static int accessLogEntries() {
        return server.db.database().dsl().fetchCount(ACCESS_LOG);
    }

    @Test
    void nestedFieldsAreBatchedSoStatementsDoNotGrowWithPageSize() {
        String query = """
                query($n: Int) { mineParcels(first: $n) { totalCount nodes {
                  code county { name boundary(precision: 4) } reserves { mineral quantity } designCapacities { mineral }
                  geometry(precision: 6) bbox cornerPoints { rings { points { x } } } } } }""";
        server.data(server.viewerKey, query, Map.of("n", 1));
        int logged = accessLogEntries();
        long before = StatementCounter.total();
        JsonNode two = server.data(server.viewerKey, query, Map.of("n", 2));
        long forTwo = StatementCounter.total() - before - (accessLogEntries() - logged);
        logged = accessLogEntries();
        before = StatementCounter.total();
        JsonNode eleven = server.data(server.viewerKey, query, Map.of("n", 11));
        long forEleven = StatementCounter.total() - before - (accessLogEntries() - logged);
        assertEquals(2, two.at("/mineParcels/nodes").size());
        assertEquals(11, eleven.at("/mineParcels/nodes").size());
        assertNotNull(eleven.at("/mineParcels/nodes/10/reserves/0/mineral").asText(null));
        assertEquals(forTwo, forEleven, "statements for 2 blocks vs 11 blocks");
        assertNotNull(eleven.at("/mineParcels/nodes/10/county/boundary/type").asText(null));
        // page (GeoJSON read with it) + count + reserves + capacities + bbox + corner points + county boundaries
        assertEquals(7, forEleven);
    }

    @Test
    void aMapClientsPageOfGeometryIsOneStatement() {
        String query = "{ mineParcels(first: 11) { nodes { id code geometry(precision: 6) } } }";
        server.data(server.viewerKey, query);
        int logged = accessLogEntries();
        long before = StatementCounter.total();
        JsonNode page = server.data(server.viewerKey, query);
        assertEquals(1, StatementCounter.total() - before - (accessLogEntries() - logged));
        assertEquals(11, page.at("/mineParcels/nodes").size());
        assertEquals("MultiPolygon", page.at("/mineParcels/nodes/10/geometry/type").asText());
        // The same page with every field: all columns are read, the answers agree.
        JsonNode full = server.data(server.viewerKey, "{ mineParcels(first: 11) { nodes { id code geometry(precision: 6) version createdAt } } }");
        assertEquals(page.at("/mineParcels/nodes/3/geometry"), full.at("/mineParcels/nodes/3/geometry"));
        JsonNode one = server.data(server.viewerKey, "{ mineParcelByCode(code: \"ZMD-2020-04\") { version } }");
        assertEquals(one.at("/mineParcelByCode/version"), full.at("/mineParcels/nodes/3/version"));
    }

    @Test
    void quantitiesAreExactDecimals() {
        JsonNode r = server.data(server.viewerKey, "{ mineParcelByCode(code: \"ZMD-2020-09\") { reserves { quantity } } }");
        assertEquals(new BigDecimal("15241.98"), r.at("/mineParcelByCode/reserves/0/quantity").decimalValue());
        Set<String> units = new HashSet<>();
        server.data(server.viewerKey, "{ mineParcels { nodes { reserves { unit } } } }").at("/mineParcels/nodes")
                .forEach(n -> n.get("reserves").forEach(x -> units.add(x.get("unit").asText())));
        assertEquals(Set.of("万吨", "万立方米"), units);
    }
}
