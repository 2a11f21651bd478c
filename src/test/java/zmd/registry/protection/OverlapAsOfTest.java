package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.LocalGrid.rect;
import static zmd.registry.LocalGrid.wkt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.Instants;
import zmd.registry.TestServer;

/**
 * "Was block X clear of farmland on day D?": the check as of D uses the block's geometry then and the farmland
 * dataset current then, though both changed since. Layers and the block are hand-built in EPSG:4547 near 确山县
 * (x, y from easting 495 000, northing 3 612 000); the block is x 0..1000, y 0..500.
 */
class OverlapAsOfTest {
    static TestServer server;
    static String block;
    static OffsetDateTime beforeBlock;
    static OffsetDateTime withFirstDataset;
    static long firstDataset;

    @BeforeAll
    static void history() throws Exception {
        server = TestServer.empty();
        beforeBlock = Instants.betweenWrites();
        importFarmland("2023", "{\"patch_code\":\"P-1\"}", rect(100, 100, 300, 200));
        block = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", Map.of("code", "T-ASOF-1", "name", "复核矿区", "county", "确山县", "status", "PLANNED",
                        "geometry", Map.of("wkt", wkt(0, 0, 1000, 500))))).at("/createMineParcel/id").asText();
        // A neighbour overlapping the block's first boundary by 100 m × 500 m then; it moves away below.
        String neighbour = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", Map.of("code", "T-ASOF-2", "name", "邻近矿区", "county", "确山县", "status", "PLANNED",
                        "geometry", Map.of("wkt", wkt(900, 0, 1200, 500))))).at("/createMineParcel/id").asText();
        firstDataset = server.data(server.editorKey, "{ layers { code current { id } } }").findValues("current").stream()
                .filter(n -> !n.isNull()).findFirst().orElseThrow().get("id").asLong();
        withFirstDataset = Instants.betweenWrites();
        // Since then: a new farmland dataset, clear of the block, and the block moved away.
        importFarmland("2024", "{\"patch_code\":\"P-9\"}", rect(5000, 5000, 5100, 5100));
        server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {geometry: {wkt: \"" + wkt(20_000, 0, 21_000, 500)
                + "\"}}) { version } }", Map.of("id", block));
        // The neighbour moves to where the block was then, clear of its first boundary: only the past can show the overlap.
        server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {geometry: {wkt: \"" + wkt(5_000, 0, 5_300, 500)
                + "\"}}) { version } }", Map.of("id", neighbour));
        Instants.betweenWrites();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theCheckAsOfADayUsesTheBlockAndTheDatasetOfThatDay() {
        JsonNode now = check(null, "[BASIC_FARMLAND]");
        assertEquals("CLEAR", now.at("/rules/0/verdict").asText());
        assertTrue(now.get("asOf").isNull());
        JsonNode then = check(withFirstDataset, "[BASIC_FARMLAND]");
        assertEquals("CONFLICT", then.at("/rules/0/verdict").asText(), then::toString);
        assertEquals(firstDataset, then.at("/rules/0/dataset/id").asLong(), "the dataset current then, named in the report");
        assertEquals("2023", then.at("/rules/0/dataset/version").asText());
        assertEquals("P-1", then.at("/rules/0/features/0/code").asText());
        assertEquals(20_000, then.at("/rules/0/features/0/areaM2").asDouble(), 1e-6, "measured on the block's geometry then");
        assertEquals(500_000, then.get("blockAreaM2").asDouble(), 1e-6);
        assertEquals(withFirstDataset.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                OffsetDateTime.parse(then.get("asOf").asText()).toInstant(), "DateTime is written to the millisecond");
    }

    @Test
    void allRulesAsOfADay() {
        JsonNode then = check(withFirstDataset, null);
        assertEquals(5, then.get("rules").size(), then::toString);
        assertEquals("NO_DATA", then.at("/rules/0/verdict").asText(), "red lines had no dataset then: " + then);
        assertEquals("CONFLICT", then.get("verdict").asText(), "the farmland conflict decides: " + then);
    }

    @Test
    void otherMiningRightsAsOfADayAreTheBlocksOfThatDay() {
        JsonNode then = check(withFirstDataset, "[OTHER_MINING_RIGHT]");
        assertEquals("CONFLICT", then.at("/rules/0/verdict").asText(), then::toString);
        assertEquals("T-ASOF-2", then.at("/rules/0/features/0/code").asText());
        assertEquals(50_000, then.at("/rules/0/features/0/areaM2").asDouble(), 1e-6);
        assertEquals("CLEAR", check(null, "[OTHER_MINING_RIGHT]").at("/rules/0/verdict").asText(), "both moved since");
        JsonNode refused = server.graphql(server.viewerKey, "query($t: DateTime) { overlapCheck(geometry: {wkt: \"" + wkt(0, 0, 10, 10)
                + "\", srid: 4547}, asOf: $t) { verdict } }", Map.of("t", "2000-01-01T00:00:00Z"));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(refused), "before the change log began: " + refused);
    }

    @Test
    void refusals() {
        assertEquals("NOT_FOUND", code(beforeBlock, "[BASIC_FARMLAND]"), "the block was not registered yet");
        assertEquals("BAD_USER_INPUT", code(OffsetDateTime.now().plusDays(1), "[BASIC_FARMLAND]"));
        JsonNode publicAsk = server.graphql(null, "query($id: ID, $t: DateTime) { overlapCheck(parcelId: $id, asOf: $t) { verdict } }",
                Map.of("id", block, "t", withFirstDataset.toString()));
        assertEquals("FORBIDDEN", TestServer.errorCode(publicAsk));
    }

    private static JsonNode check(OffsetDateTime asOf, String rules) {
        Map<String, Object> vars = new HashMap<>(Map.of("id", block));
        if (asOf != null) {
            vars.put("t", asOf.toString());
        }
        return server.data(server.viewerKey, "query($id: ID, $t: DateTime) { overlapCheck(parcelId: $id, asOf: $t"
                + (rules == null ? "" : ", rules: " + rules) + ") { verdict asOf blockAreaM2 rules { rule verdict dataset { id version }"
                + " features { code areaM2 } } } }", vars).get("overlapCheck");
    }

    private static String code(OffsetDateTime asOf, String rules) {
        return TestServer.errorCode(server.graphql(server.viewerKey, "query($id: ID, $t: DateTime) { overlapCheck(parcelId: $id, asOf: $t, rules: "
                + rules + ") { verdict } }", Map.of("id", block, "t", asOf.toString())));
    }


    private static void importFarmland(String version, String properties, String ring) {
        JsonNode r = server.graphql(server.editorKey, "mutation($in: ImportLayerInput!) { importLayer(input: $in) { status message } }",
                Map.of("in", Map.of("layer", "BASIC_FARMLAND", "datasetName", "农田 " + version, "version", version, "srid", 4547,
                        "text", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":" + properties
                                + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}]}")));
        assertEquals("IMPORTED", r.at("/data/importLayer/status").asText(), r.toString());
    }
}
