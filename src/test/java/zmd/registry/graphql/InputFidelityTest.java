package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * Every value is stored exactly as sent or refused: decimals past their column, impossible dates, text PostgreSQL
 * cannot keep, through the real server. Each refusal is BAD_USER_INPUT, names the field, is short, and leaves
 * nothing stored.
 */
class InputFidelityTest {
    private static final String CREATE = """
            mutation($in: MineParcelInput!) { createMineParcel(input: $in) {
              id code name plannedStartPrice { yuan } reserves { quantity } milestones { date what } } }""";
    private static final int SHORT = 300;
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

    private static Map<String, Object> block() {
        Map<String, Object> in = new HashMap<>();
        in.put("code", "F-" + (++seq));
        in.put("name", "保真矿 " + seq);
        in.put("county", "泌阳县");
        double e = 445_000 + seq * 2_000;
        in.put("geometry", Map.of("wkt", String.format(java.util.Locale.ROOT, "SRID=4547;POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))",
                e, 3_640_000.0, e + 1000, 3_640_000.0, e + 1000, 3_640_500.0, e, 3_640_500.0, e, 3_640_000.0)));
        in.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "2000.5", "unit", "万吨")));
        return in;
    }

    private static boolean stored(Map<String, Object> in) {
        return !server.data(server.viewerKey, "query($c: String!) { mineParcelByCode(code: $c) { id } }", Map.of("c", in.get("code")))
                .get("mineParcelByCode").isNull();
    }

    /**
     * POSTs with every non-ASCII character as a JSON escape, as a client may: sent as UTF-8 instead, a lone surrogate
     * would become '?' in the test's own client before the server saw it.
     */
    private static JsonNode escaped(String key, String query, Map<String, ?> variables) {
        try {
            String body = ESCAPING.writeValueAsString(Map.of("query", query, "variables", variables));
            return TestServer.JSON.readTree(server.post("/graphql", body, key, "application/json").body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper ESCAPING = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** The request is refused with BAD_USER_INPUT naming {@code field} in a short message, and the block is not stored. */
    private static void refusedAndNotStored(Map<String, Object> in, String field) {
        JsonNode r = escaped(server.editorKey, CREATE, Map.of("in", in));
        assertRefused(r, field);
        assertFalse(stored(in), "nothing was stored for " + field);
    }

    private static void assertRefused(JsonNode r, String field) {
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), r.toString());
        String message = TestServer.errorMessage(r);
        assertTrue(message.contains(field), "the message names " + field + ": " + message);
        assertTrue(message.length() < SHORT, "a short message: " + message.length() + " characters");
        assertFalse(message.contains("java.") || message.contains("Exception"), message);
    }

    @Test
    void hugeExponentsAreRefusedQuicklyAndNotEchoed() {
        String query = "mutation($id: ID!, $in: ListingOutcomeInput!) { reportListingOutcome(id: $id, input: $in) { replayed } }";
        for (String price : List.of("1e1000000000", "1e-2147483647", "1e2147483648")) {
            Map<String, Object> in = Map.of("idempotencyKey", "k1", "result", "SOLD", "finalPriceYuan", price,
                    "winnerName", "某公司", "decidedAt", "2026-01-01T00:00:00Z");
            long started = System.nanoTime();
            JsonNode r = server.graphql(server.platformKey, query, Map.of("id", UUID.randomUUID().toString(), "in", in));
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered in seconds, not minutes");
            assertRefused(r, "in.finalPriceYuan");
        }
        // The same as a JSON number and as a literal.
        JsonNode asNumber = server.graphql(server.platformKey, query, Map.of("id", UUID.randomUUID().toString(),
                "in", Map.of("idempotencyKey", "k1", "result", "SOLD", "finalPriceYuan", new java.math.BigDecimal("1e1000000000"),
                        "decidedAt", "2026-01-01T00:00:00Z")));
        assertRefused(asNumber, "in.finalPriceYuan");
        JsonNode literal = server.graphql(server.platformKey, "mutation { reportListingOutcome(id: \"" + UUID.randomUUID()
                + "\", input: {idempotencyKey: \"k\", result: SOLD, finalPriceYuan: \"1e-2147483647\", decidedAt: \"2026-01-01T00:00:00Z\"}) { replayed } }");
        assertRefused(literal, "input.finalPriceYuan");
        JsonNode long_ = server.graphql(server.platformKey, "mutation { reportListingOutcome(id: \"" + UUID.randomUUID()
                + "\", input: {idempotencyKey: \"k\", result: SOLD, finalPriceYuan: \"" + "9".repeat(150_000)
                + "\", decidedAt: \"2026-01-01T00:00:00Z\"}) { replayed } }");
        assertRefused(long_, "input.finalPriceYuan");
        assertTrue(long_.toString().length() < 2_000, "the value is not repeated: " + long_.toString().length());
    }

    @Test
    void decimalsOutsideTheColumnAreRefusedNotRoundedOrWrapped() {
        Map<String, Object> price = block();
        price.put("plannedStartPriceYuan", "1e2147483648");
        refusedAndNotStored(price, "in.plannedStartPriceYuan");
        Map<String, Object> quantity = block();
        quantity.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "5e2147483648", "unit", "万吨")));
        refusedAndNotStored(quantity, "in.reserves[0].quantity");
        Map<String, Object> cents = block();
        cents.put("plannedStartPriceYuan", "100.005");
        refusedAndNotStored(cents, "plannedStartPriceYuan");
        Map<String, Object> wide = block();
        wide.put("plannedStartPriceYuan", "123456789012345");
        refusedAndNotStored(wide, "plannedStartPriceYuan");
        Map<String, Object> fine = block();
        fine.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "2000.12345", "unit", "万吨")));
        refusedAndNotStored(fine, "reserves[0].quantity");
    }

    @Test
    void theWidestValuesTheColumnsKeepAreStoredExactly() {
        Map<String, Object> in = block();
        in.put("plannedStartPriceYuan", new java.math.BigDecimal("99999999999999.99"));
        in.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "9999999999999999.9999", "unit", "万吨")));
        JsonNode p = server.data(server.editorKey, CREATE, Map.of("in", in)).get("createMineParcel");
        assertEquals("99999999999999.99", p.at("/plannedStartPrice/yuan").decimalValue().toPlainString());
        assertEquals("9999999999999999.9999", p.at("/reserves/0/quantity").decimalValue().toPlainString());
    }

    @Test
    void impossibleDatesAreRefused() {
        Map<String, Object> in = block();
        in.put("milestones", List.of(Map.of("date", "2020-02-30", "what", "公告")));
        refusedAndNotStored(in, "in.milestones[0].date");
        JsonNode r = server.graphql(server.viewerKey, "{ effectiveBasePrice(mineral: \"建筑用砂\", county: \"泌阳县\", date: \"2020-02-30\") { unitPrice } }");
        assertRefused(r, "date");
        assertFalse(r.toString().contains("2020-02-29"), r.toString());
        JsonNode v = server.graphql(server.viewerKey, "query($d: Date) { effectiveBasePrice(mineral: \"建筑用砂\", county: \"泌阳县\", date: $d) { unitPrice } }",
                Map.of("d", "2021-02-29"));
        assertRefused(v, "d");
    }

    @Test
    void textThatCannotBeStoredAsSentIsRefused() {
        Map<String, Object> surrogate = block();
        surrogate.put("name", "a\ud800b");
        refusedAndNotStored(surrogate, "in.name");
        Map<String, Object> nul = block();
        nul.put("geology", "砂\u0000岩");
        refusedAndNotStored(nul, "in.geology");
        Map<String, Object> inList = block();
        inList.put("reserves", List.of(Map.of("mineral", "建筑\u0000用砂", "quantity", "1", "unit", "万吨")));
        refusedAndNotStored(inList, "in.reserves[0].mineral");
        // As a literal (an escape in the document), and in a filter of a query.
        Map<String, Object> literal = block();
        JsonNode r = server.graphql(server.editorKey, "mutation { createMineParcel(input: {code: \"" + literal.get("code")
                + "\", name: \"a\\u0000b\", county: \"泌阳县\", geometry: {wkt: \"POINT(0 0)\"}, reserves: []}) { id } }");
        assertRefused(r, "input.name");
        assertFalse(stored(literal));
        JsonNode filter = escaped(server.viewerKey, "query($m: String) { mineParcels(filter: {mineral: $m}) { totalCount } }",
                Map.of("m", "x\u0000"));
        assertRefused(filter, "m");
    }

    @Test
    void geoJsonTextIsOneJsonValueWithEachKeyOnce() {
        String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[113.5,33.0],[113.51,33.0],[113.51,33.01],[113.5,33.0]]]}";
        for (String text : List.of(polygon + " xyz", polygon.replace("{\"type\":\"Polygon\",", "{\"type\":\"Polygon\",\"type\":\"Point\","))) {
            Map<String, Object> in = block();
            in.put("geometry", Map.of("geojson", text));
            JsonNode r = escaped(server.editorKey, CREATE, Map.of("in", in));
            assertRefused(r, "in");
            assertTrue(TestServer.errorMessage(r).contains("GeoJSON text is not one JSON value"), TestServer.errorMessage(r));
            assertFalse(stored(in));
        }
    }

    @Test
    void aForgedCursorIsRefusedOnEveryPagedField() {
        String nullCursor = "bnVsbA==";
        String wrongTypes = java.util.Base64.getUrlEncoder().encodeToString("[\"CODE_ASC\",5,7]".getBytes());
        for (String query : List.of("query($a: String) { mineParcels(after: $a) { totalCount } }",
                "query($a: String) { listings(after: $a) { totalCount } }",
                "query($a: String) { listingChanges(after: $a) { endCursor } }",
                "query($a: String) { basePrices(after: $a) { totalCount } }")) {
            for (String cursor : List.of(nullCursor, wrongTypes)) {
                JsonNode r = server.graphql(server.editorKey, query, Map.of("a", cursor));
                assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), query + " " + r);
                assertEquals("after", r.at("/errors/0/extensions/field").asText(), r.toString());
            }
        }
    }
}
