package zmd.registry.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.pricing.Blocks;

/** The change log over a real register: what each write path logs, who may read it, and what it refuses. */
class ChangeLogTest {
    private static final String ENTRY = "seq table key recordTable recordKey operation versionBefore versionAfter keyId callerName action requestId"
            + " changes { field before after } before after hash prevHash";
    static TestServer server;
    static String auditor;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
        auditor = server.registry.apiKeys().create(Role.AUDITOR, "省厅督察 Li").key();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode log(String table, String key) {
        return server.data(auditor, "query($f: ChangeLogFilter) { changeLog(filter: $f, first: 500) { totalCount nodes { " + ENTRY + " } } }",
                Map.of("f", Map.of("table", table, "key", key))).at("/changeLog/nodes");
    }

    static UUID block() {
        return Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
    }

    /** A POST /graphql with the editor's key and the request id given; returns the response. */
    static HttpResponse<String> post(String requestId, String query, Map<String, ?> variables) throws Exception {
        String body = TestServer.JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + server.editorKey)
                .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aBlockUpdateIsLoggedWithGeometryWhoAndRequest() throws Exception {
        UUID id = block();
        String smaller = server.db.database().dsl().fetchValue("SELECT ST_AsText(ST_Buffer(geom, -0.001)) FROM mine_parcel WHERE id = ?", id).toString();
        HttpResponse<String> response = post("edit-7f3a.1", """
                mutation($id: ID!, $wkt: String!) { updateMineParcel(id: $id, version: 1, patch: {serviceLifeYears: 15,
                  geometry: {wkt: $wkt, srid: 4490}, reserves: [{mineral: "建筑用砂", quantity: "900", unit: "万吨"}]}) { version } }""",
                Map.of("id", id.toString(), "wkt", smaller));
        assertFalse(TestServer.JSON.readTree(response.body()).has("errors"), response.body());
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals("edit-7f3a.1", requestId);

        JsonNode entries = log("mine_parcel", id.toString());
        JsonNode update = last(entries, "mine_parcel");
        assertEquals("UPDATE", update.get("operation").asText());
        assertEquals(1, update.get("versionBefore").asInt());
        assertEquals(2, update.get("versionAfter").asInt());
        assertEquals("updateMineParcel", update.get("action").asText());
        assertEquals(requestId, update.get("requestId").asText());
        UUID editorKeyId = server.registry.apiKeys().authenticate("Bearer " + server.editorKey).keyId();
        assertEquals(editorKeyId.toString(), update.get("keyId").asText());
        assertEquals("test editor", update.get("callerName").asText());
        String before = update.at("/before/geom").asText();
        String after = update.at("/after/geom").asText();
        assertTrue(before.startsWith("01060000208a110000"), "hex EWKB of a MultiPolygon in EPSG:4490: " + before);
        assertNotEquals(before, after);
        assertEquals(after, server.db.database().dsl().fetchValue("SELECT encode(ST_AsEWKB(geom), 'hex') FROM mine_parcel WHERE id = ?", id));
        List<String> changed = new ArrayList<>();
        update.get("changes").forEach(c -> changed.add(c.get("field").asText()));
        assertTrue(changed.containsAll(List.of("geom", "service_life_years", "version", "updated_at")), changed.toString());
        assertFalse(changed.contains("name"), "unchanged fields are not in the diff: " + changed);

        // The reserve rewritten in place is logged under its block, in the same request.
        JsonNode reserve = last(entries, "reserve");
        assertEquals("UPDATE", reserve.get("operation").asText());
        assertEquals(id.toString(), reserve.get("recordKey").asText());
        assertEquals(requestId, reserve.get("requestId").asText());
        assertEquals("1000.0000", reserve.at("/before/quantity").decimalValue().toPlainString());
        assertEquals("900.0000", reserve.at("/after/quantity").decimalValue().toPlainString());
        assertTrue(server.registry.history().verify().valid());
    }

    @Test
    void listingsAreLoggedAndTheirHistoryIsPaged() {
        server.registry.pricing().importCsv(Caller.SYSTEM, """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2000-01-01,,test base price
                """, "history prices", false);
        UUID parcel = block();
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        JsonNode created = server.data(server.editorKey, "mutation($in: ListingInput!) { createListing(input: $in) { id version } }",
                Map.of("in", Map.of("parcelId", parcel.toString(), "method", "LISTING", "startPriceYuan", "20000000.00",
                        "depositYuan", "1000000.00", "bidIncrementYuan", "100000.00", "announcementDate", java.time.LocalDate.now().toString(),
                        "biddingStart", now.plusDays(10).toString(), "biddingEnd", now.plusDays(20).toString())));
        String listing = created.at("/createListing/id").asText();
        for (int v = 1; v <= 3; v++) {
            server.data(server.editorKey, "mutation($id: ID!, $v: Int!, $c: String) { updateListing(id: $id, version: $v, patch: {conditions: $c}) { version } }",
                    Map.of("id", listing, "v", v, "c", "conditions " + v));
        }
        String q = "query($id: ID!, $after: String) { listing(id: $id) { history(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }"
                + " nodes { operation action versionBefore versionAfter changes { field after } } } } }";
        JsonNode first = server.data(server.viewerKey, q, Map.of("id", listing)).at("/listing/history");
        assertEquals(4, first.get("totalCount").asInt());
        assertEquals(3, first.get("nodes").size());
        assertTrue(first.at("/pageInfo/hasNextPage").asBoolean());
        assertEquals("updateListing", first.at("/nodes/0/action").asText());
        assertEquals(4, first.at("/nodes/0/versionAfter").asInt(), "newest first");
        java.util.HashMap<String, Object> vars = new java.util.HashMap<>(Map.of("id", listing));
        vars.put("after", first.at("/pageInfo/endCursor").asText());
        JsonNode rest = server.data(server.viewerKey, q, vars).at("/listing/history");
        assertEquals(1, rest.get("nodes").size());
        assertEquals("INSERT", rest.at("/nodes/0/operation").asText());
        assertEquals("createListing", rest.at("/nodes/0/action").asText());
        assertFalse(rest.at("/pageInfo/hasNextPage").asBoolean());

        // A block's history holds its own entries and its reserves', and a page of blocks reads them in one go.
        JsonNode blocks = server.data(server.viewerKey, "{ mineParcels(first: 50) { nodes { id history(first: 5) { nodes { table operation } } } } }");
        for (JsonNode b : blocks.at("/mineParcels/nodes")) {
            if (b.get("id").asText().equals(parcel.toString())) {
                List<String> tables = new ArrayList<>();
                b.at("/history/nodes").forEach(n -> tables.add(n.get("table").asText()));
                assertTrue(tables.containsAll(List.of("mine_parcel", "reserve")), tables.toString());
            }
        }
    }

    @Test
    void apiKeysAreLoggedWithoutSecretOrHash() {
        var created = server.registry.apiKeys().create(new Caller(Role.STAFF_EDITOR, null, "key admin").withRequestId("req-key-1"), Role.PLATFORM, "交易中心");
        String id = created.caller().keyId().toString();
        server.data(server.editorKey, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", Map.of("id", id));
        JsonNode entries = log("api_key", id);
        assertEquals(2, entries.size());
        assertEquals("createApiKey", entries.at("/0/action").asText());
        assertEquals("req-key-1", entries.at("/0/requestId").asText());
        assertEquals("revokeApiKey", entries.at("/1/action").asText());
        String hashHex = server.db.database().dsl().fetchValue("SELECT encode(key_hash, 'hex') FROM api_key WHERE id = ?::uuid", id).toString();
        String text = entries.toString();
        assertFalse(text.contains(created.key()), "no secret");
        assertFalse(text.contains(created.key().substring(10)), "no part of the secret beyond its shown prefix");
        assertFalse(text.contains(hashHex), "no key hash");
        assertFalse(entries.at("/0/after").has("key_hash"));
    }

    @Test
    void aLayerImportAndTheSwitchOfCurrentAreLogged() {
        String feature = "{\"type\":\"Feature\",\"id\":\"z1\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[114.0,32.6],[114.01,32.6],[114.01,32.61],[114.0,32.61],[114.0,32.6]]]}}";
        JsonNode result = server.data(server.editorKey, "mutation($in: ImportLayerInput!) { importLayer(input: $in) { status dataset { id } } }",
                Map.of("in", Map.of("layer", "PLANNED_ZONE", "datasetName", "zones", "version", "zones-1", "text", feature)));
        String dataset = result.at("/importLayer/dataset/id").asText();
        JsonNode datasetEntries = log("layer_dataset", dataset);
        assertEquals("INSERT", datasetEntries.at("/0/operation").asText());
        assertEquals("importLayer", datasetEntries.at("/0/action").asText());
        assertTrue(datasetEntries.at("/0/versionAfter").isNull(), "a dataset's version is a label, not a record version");
        JsonNode layer = last(log("layer", "PLANNED_ZONE"), "layer");
        assertEquals("UPDATE", layer.get("operation").asText());
        assertEquals(dataset, layer.at("/after/current_dataset_id").asText());
    }

    @Test
    void onlyAuditorsReadTheLogAndOnlyStaffReadHistory() {
        for (String key : new String[] {server.editorKey, server.viewerKey, server.platformKey, null}) {
            assertEquals("FORBIDDEN", TestServer.errorCode(server.graphql(key, "{ changeLog { totalCount } }")));
            assertEquals("FORBIDDEN", TestServer.errorCode(server.graphql(key, "{ verifyChangeLog { valid } }")));
        }
        UUID id = block();
        server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {status: CANCELLED}) { version } }",
                Map.of("id", id.toString()));
        JsonNode publicView = server.data(null, "query($id: ID!) { mineParcel(id: $id) { id history { totalCount } } }", Map.of("id", id.toString()));
        assertEquals(id.toString(), publicView.at("/mineParcel/id").asText());
        assertTrue(publicView.at("/mineParcel/history").isNull(), "before-images may hold what was unpublished: staff only");
        JsonNode auditorView = server.data(auditor, "query($id: ID!) { mineParcel(id: $id) { history { totalCount } } }", Map.of("id", id.toString()));
        assertTrue(auditorView.at("/mineParcel/history/totalCount").asInt() >= 3);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(server.graphql(auditor, "{ changeLog(after: \"bm9wZQ\") { totalCount } }")));
        JsonNode unknown = server.graphql(auditor, "{ changeLog(filter: {table: \"farmland_patch\"}) { totalCount } }");
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(unknown));
        assertTrue(TestServer.errorMessage(unknown).startsWith("filter.table 'farmland_patch' is not a table of the change log; it logs api_key,"),
                TestServer.errorMessage(unknown));
    }

    @Test
    void writesThatNameNoActionAreRefused() {
        var dsl = server.db.database().dsl();
        DataAccessException e = assertThrows(DataAccessException.class, () -> dsl.execute("UPDATE mine_parcel SET name = 'x'"));
        assertTrue(e.getMessage().contains("must name their action"), e.getMessage());
        DataAccessException truncate = assertThrows(DataAccessException.class, () -> dsl.execute("TRUNCATE reserve"));
        assertTrue(truncate.getMessage().contains("TRUNCATE of reserve is refused"), truncate.getMessage());
        DataAccessException edit = assertThrows(DataAccessException.class, () -> dsl.execute("UPDATE change_log SET action = 'x'"));
        assertTrue(edit.getMessage().contains("append-only"), edit.getMessage());
    }

    private static JsonNode last(JsonNode entries, String table) {
        JsonNode found = null;
        for (JsonNode e : entries) {
            if (e.get("table").asText().equals(table)) {
                found = e;
            }
        }
        if (found == null) {
            throw new AssertionError("no entry of " + table + " in " + entries);
        }
        return found;
    }
}
