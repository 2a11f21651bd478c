package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** Staff writes through HTTP: every input form, every refusal, atomicity and the optimistic lock. */
class ParcelMutationsTest {
    private static final String CREATE = """
            mutation($in: MineParcelInput!) { createMineParcel(input: $in) {
              id code version areaM2 areaKm2 county { code } reserves { mineral quantity unit }
              wkt(precision: 9) cornerPoints(zonePrefixed: true) { rings { points { no x y } } } } }""";
    private static final String UPDATE = """
            mutation($id: ID!, $v: Int!, $p: MineParcelPatch!) { updateMineParcel(id: $id, version: $v, patch: $p) {
              id name version county { code } reserves { mineral quantity } } }""";
    private static TestServer server;
    private static int seq;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A 1 km x 0.5 km rectangle in 泌阳县, EPSG:4547, offset per call so blocks never coincide. */
    private static Map<String, Object> input(Map<String, Object> geometry) {
        Map<String, Object> in = new HashMap<>();
        in.put("code", "T-" + (++seq));
        in.put("name", "测试矿 " + seq);
        in.put("county", "泌阳县");
        in.put("elevationTopM", 300);
        in.put("elevationBottomM", 120);
        in.put("geometry", geometry);
        in.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "2000.5", "unit", "万吨", "category", "333")));
        return in;
    }

    private static Map<String, Object> rectangle4547(double e, double n) {
        return Map.of("wkt", String.format(java.util.Locale.ROOT, "SRID=4547;POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))",
                e, n, e + 1000, n, e + 1000, n + 500, e, n + 500, e, n));
    }

    private static long parcelCount() {
        return server.data(server.viewerKey, "{ mineParcels { totalCount } }").at("/mineParcels/totalCount").asLong();
    }

    @Test
    void createsFromWktInTheZoneWithAnExactArea() {
        JsonNode p = server.data(server.editorKey, CREATE, Map.of("in", input(rectangle4547(445_000, 3_640_000)))).get("createMineParcel");
        assertEquals(500_000, p.get("areaM2").asDouble(), 1e-3, "a rectangle drawn in EPSG:4547 keeps its exact area");
        assertEquals("0.5000", p.get("areaKm2").asText());
        assertEquals(1, p.get("version").asInt());
        assertEquals("411726", p.at("/county/code").asText());
        assertEquals("2000.5", p.at("/reserves/0/quantity").asText());
    }

    @Test
    void cornerPointTableRoundTripsToTheMillimetre() {
        List<Map<String, Object>> points = List.of(
                Map.of("no", 1, "x", 3_641_000.123, "y", 38_445_000.456), Map.of("no", 2, "x", 3_641_000.5, "y", 38_446_200.25),
                Map.of("no", 3, "x", 3_641_900.75, "y", 38_446_100.0), Map.of("no", 4, "x", 3_641_800.0, "y", 38_445_100.875));
        List<Map<String, Object>> hole = List.of(Map.of("no", 5, "x", 3_641_300.0, "y", 38_445_500.0),
                Map.of("no", 6, "x", 3_641_300.0, "y", 38_445_600.0), Map.of("no", 7, "x", 3_641_400.0, "y", 38_445_600.0));
        Map<String, Object> table = Map.of("cornerPoints", Map.of("zonePrefixed", true,
                "rings", List.of(Map.of("points", points), Map.of("hole", true, "points", hole))));
        JsonNode p = server.data(server.editorKey, CREATE, Map.of("in", input(table))).get("createMineParcel");
        JsonNode rings = p.at("/cornerPoints/rings");
        List<Map<String, Object>> all = new ArrayList<>(points);
        all.addAll(hole);
        List<double[]> out = new ArrayList<>();
        rings.forEach(r -> r.get("points").forEach(pt -> out.add(new double[] {pt.get("x").asDouble(), pt.get("y").asDouble()})));
        assertEquals(7, out.size());
        // Rings may be re-oriented by storage; every input corner must come back within 1 mm.
        for (Map<String, Object> in : all) {
            double x = ((Number) in.get("x")).doubleValue();
            double y = ((Number) in.get("y")).doubleValue();
            assertTrue(out.stream().anyMatch(o -> Math.abs(o[0] - x) <= 0.001 && Math.abs(o[1] - y) <= 0.001), "corner " + in + " not in " + rings);
        }
    }

    @Test
    void geoJsonInLonLatRoundTrips() {
        List<List<Double>> ring = List.of(List.of(113.40, 32.90), List.of(113.41, 32.90), List.of(113.41, 32.905), List.of(113.40, 32.905), List.of(113.40, 32.90));
        Map<String, Object> geojson = Map.of("geojson", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        JsonNode created = server.data(server.editorKey, CREATE, Map.of("in", input(geojson))).get("createMineParcel");
        JsonNode g = server.data(server.editorKey, "query($id: ID!) { mineParcel(id: $id) { geometry(precision: 9) } }",
                Map.of("id", created.get("id").asText())).at("/mineParcel/geometry/coordinates/0/0");
        for (int i = 0; i < ring.size(); i++) {
            assertEquals(ring.get(i).get(0), g.get(i).get(0).asDouble(), 1e-7);
            assertEquals(ring.get(i).get(1), g.get(i).get(1).asDouble(), 1e-7);
        }
        assertTrue(created.get("areaM2").asDouble() > 500_000 && created.get("areaM2").asDouble() < 600_000);
    }

    private static JsonNode refused(Map<String, Object> in, String code, String messagePart) {
        long before = parcelCount();
        JsonNode r = server.graphql(server.editorKey, CREATE, Map.of("in", in));
        assertEquals(code, TestServer.errorCode(r), String.valueOf(r));
        assertTrue(TestServer.errorMessage(r).contains(messagePart), TestServer.errorMessage(r));
        assertEquals(before, parcelCount(), "nothing written");
        return r;
    }

    @Test
    void badInputIsRefusedPreciselyAndWritesNothing() {
        Map<String, Object> bowtie = Map.of("wkt", "SRID=4547;POLYGON((445000 3650000, 446000 3651000, 446000 3650000, 445000 3651000, 445000 3650000))");
        JsonNode r = refused(input(bowtie), "INVALID_GEOMETRY", "Self-intersection at or near [445500, 3650500]");
        assertEquals("SELF_INTERSECTION", r.at("/errors/0/extensions/problem").asText());

        refused(input(Map.of("wkt", "POLYGON((116.3 39.9, 116.4 39.9, 116.4 40.0, 116.3 39.9))")), "INVALID_GEOMETRY", "outside Zhumadian");
        refused(input(Map.of("wkt", "POLYGON((32.9 113.4, 32.9 113.41, 32.91 113.41, 32.9 113.4))")), "INVALID_GEOMETRY", "latitude, longitude order");
        refused(input(Map.of("cornerPoints", Map.of("rings", List.of(Map.of("points", List.of(
                Map.of("x", 445_000, "y", 3_650_000), Map.of("x", 446_000, "y", 3_650_000), Map.of("x", 446_000, "y", 3_651_000))))))),
                "INVALID_GEOMETRY", "swap the columns");

        Map<String, Object> wrongCounty = input(rectangle4547(445_000, 3_650_000));
        wrongCounty.put("county", "确山县");
        r = refused(wrongCounty, "BAD_USER_INPUT", "lies in 泌阳县 (411726), not in 确山县 (411725)");
        assertEquals("county", r.at("/errors/0/extensions/field").asText());

        Map<String, Object> unknownCounty = input(rectangle4547(445_000, 3_650_000));
        unknownCounty.put("county", "泌阳");
        refused(unknownCounty, "BAD_USER_INPUT", "unknown county '泌阳'");

        Map<String, Object> badUnit = input(rectangle4547(445_000, 3_650_000));
        badUnit.put("reserves", List.of(Map.of("mineral", "砂", "quantity", 1, "unit", "万顿")));
        refused(badUnit, "BAD_USER_INPUT", "reserves[0].unit: unknown unit '万顿'");

        Map<String, Object> negative = input(rectangle4547(445_000, 3_650_000));
        negative.put("reserves", List.of(Map.of("mineral", "砂", "quantity", 1, "unit", "万吨"), Map.of("mineral", "石", "quantity", -5, "unit", "万吨")));
        refused(negative, "BAD_USER_INPUT", "reserves[1].quantity must be greater than 0, got -5");

        Map<String, Object> elevation = input(rectangle4547(445_000, 3_650_000));
        elevation.put("elevationTopM", 100);
        refused(elevation, "BAD_USER_INPUT", "must be above elevationBottomM");

        Map<String, Object> notANumber = input(rectangle4547(445_000, 3_650_000));
        notANumber.put("serviceLifeYears", "twenty");
        JsonNode coerce = server.graphql(server.editorKey, CREATE, Map.of("in", notANumber));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(coerce), coerce.toString());
    }

    /** Row id and xmin (the transaction that last wrote it) of each reserve of a block, by ordinal. */
    private static List<List<Object>> reserveRows(String parcelId) {
        List<List<Object>> rows = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
             var st = c.prepareStatement("SELECT ordinal, id, xmin::text, mineral FROM reserve WHERE parcel_id = ?::uuid ORDER BY ordinal")) {
            st.setString(1, parcelId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    @Test
    void reservesAreUpdatedInPlaceByPosition() {
        Map<String, Object> in = input(rectangle4547(451_000, 3_640_000));
        Map<String, Object> sand = Map.of("mineral", "建筑用砂", "quantity", "2000.5", "unit", "万吨");
        Map<String, Object> granite = Map.of("mineral", "花岗岩", "quantity", "10", "unit", "万立方米");
        Map<String, Object> marble = Map.of("mineral", "大理岩", "quantity", "7", "unit", "万立方米");
        in.put("reserves", List.of(sand, granite, marble));
        JsonNode p = server.data(server.editorKey, CREATE, Map.of("in", in)).get("createMineParcel");
        String id = p.get("id").asText();
        List<List<Object>> before = reserveRows(id);
        assertEquals(3, before.size());

        Map<String, Object> moreGranite = Map.of("mineral", "花岗岩", "quantity", "12", "unit", "万立方米");
        JsonNode updated = server.data(server.editorKey, UPDATE, Map.of("id", id, "v", 1,
                "p", Map.of("reserves", List.of(sand, moreGranite)))).get("updateMineParcel");
        assertEquals("12", updated.at("/reserves/1/quantity").asText());
        List<List<Object>> after = reserveRows(id);
        assertEquals(2, after.size(), "the reserve past the new end is deleted");
        assertEquals(before.get(0), after.get(0), "an unchanged reserve keeps its row, untouched");
        assertEquals(before.get(1).get(1), after.get(1).get(1), "a changed reserve keeps its row id");
        assertTrue(!before.get(1).get(2).equals(after.get(1).get(2)), "and is rewritten: " + before + " -> " + after);
    }

    @Test
    void onlyEditorsWrite() {
        for (String key : new String[] {null, server.viewerKey, server.platformKey}) {
            JsonNode r = server.graphql(key, CREATE, Map.of("in", input(rectangle4547(445_000, 3_655_000))));
            assertEquals("FORBIDDEN", TestServer.errorCode(r));
        }
    }

    @Test
    void duplicateCodesRacingEachOtherLeaveExactlyOneWholeBlock() throws Exception {
        Map<String, Object> in = input(rectangle4547(447_000, 3_645_000));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<JsonNode>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return server.graphql(server.editorKey, CREATE, Map.of("in", in));
            }));
        }
        int ok = 0;
        for (Future<JsonNode> f : results) {
            JsonNode r = f.get();
            if (r.has("errors")) {
                assertEquals("CONFLICT", TestServer.errorCode(r), r.toString());
            } else {
                ok++;
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        JsonNode p = server.data(server.viewerKey, "query($c: String!) { mineParcelByCode(code: $c) { reserves { mineral } } }", Map.of("c", in.get("code")));
        assertEquals(1, p.at("/mineParcelByCode/reserves").size(), "the winner's reserves, once");
    }

    @Test
    void updatesNeedTheCurrentVersionAndConcurrentOnesConflict() throws Exception {
        JsonNode created = server.data(server.editorKey, CREATE, Map.of("in", input(rectangle4547(449_000, 3_645_000)))).get("createMineParcel");
        String id = created.get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<JsonNode>> results = new ArrayList<>();
        for (String name : List.of("甲", "乙")) {
            results.add(pool.submit(() -> {
                start.await();
                return server.graphql(server.editorKey, UPDATE, Map.of("id", id, "v", 1, "p", Map.of("name", name,
                        "reserves", List.of(Map.of("mineral", "矿" + name, "quantity", 1, "unit", "万吨")))));
            }));
        }
        JsonNode a = results.get(0).get();
        JsonNode b = results.get(1).get();
        pool.shutdown();
        JsonNode winner = a.has("errors") ? b : a;
        JsonNode loser = a.has("errors") ? a : b;
        assertTrue(!winner.has("errors"), "one update wins: " + a + " / " + b);
        assertEquals("CONFLICT", TestServer.errorCode(loser));
        assertEquals(2, loser.at("/errors/0/extensions/currentVersion").asInt());
        JsonNode now = server.data(server.viewerKey, "query($id: ID!) { mineParcel(id: $id) { name version reserves { mineral } } }", Map.of("id", id)).get("mineParcel");
        String winnerName = winner.at("/data/updateMineParcel/name").asText();
        assertEquals(winnerName, now.get("name").asText());
        assertEquals(2, now.get("version").asInt());
        assertEquals("矿" + winnerName, now.at("/reserves/0/mineral").asText(), "the loser wrote no reserves");

        JsonNode stale = server.graphql(server.editorKey, UPDATE, Map.of("id", id, "v", 1, "p", Map.of("name", "丙")));
        assertEquals("CONFLICT", TestServer.errorCode(stale));
        assertEquals(winnerName, server.data(server.viewerKey, "query($id: ID!) { mineParcel(id: $id) { name } }", Map.of("id", id)).at("/mineParcel/name").asText());

        JsonNode moved = server.graphql(server.editorKey, UPDATE, Map.of("id", id, "v", 2, "p", Map.of("county", "新蔡县")));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(moved), "the block does not lie in 新蔡县");

        JsonNode ok = server.data(server.editorKey, UPDATE, Map.of("id", id, "v", 2, "p", Map.of("geometry", rectangle4547(449_000, 3_646_000))));
        assertEquals(3, ok.at("/updateMineParcel/version").asInt());
        JsonNode missing = server.graphql(server.editorKey, UPDATE, Map.of("id", "00000000-0000-0000-0000-000000000000", "v", 1, "p", Map.of("name", "x")));
        assertEquals("NOT_FOUND", TestServer.errorCode(missing));
    }
}
