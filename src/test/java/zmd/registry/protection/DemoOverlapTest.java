package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.StatementCounter;
import zmd.registry.demo.DemoData;
import zmd.registry.demo.DemoLayers;

/** The demo blocks against the demo layers, and the proposed demo block, through HTTP. */
class DemoOverlapTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String REPORT = """
            verdict blockAreaM2 toleranceM2 checkedAt parcelCode
            rules { rule verdict summary featureCount conflictCount totalAreaM2 conflictAreaM2 outsideAreaM2
                    dataset { id name source version current featureCount }
                    features { id code name kind areaM2 areaMu sharePercent sliver whollyInside featureAreaM2 } }""";

    @Test
    void theElevenDemoBlocksAreClearOfEveryRule() {
        JsonNode nodes = server.data(server.viewerKey, "{ mineParcels(first: 20) { nodes { code overlapCheck { " + REPORT + " } } } }")
                .at("/mineParcels/nodes");
        assertEquals(11, nodes.size());
        for (JsonNode n : nodes) {
            JsonNode report = n.get("overlapCheck");
            assertEquals("CLEAR", report.get("verdict").asText(), n.get("code").asText() + ": " + report);
            assertEquals(5, report.get("rules").size());
            for (JsonNode rule : report.get("rules")) {
                assertEquals("CLEAR", rule.get("verdict").asText(), rule.toString());
                assertEquals(0, rule.get("conflictCount").asInt());
                if (!rule.get("rule").asText().equals("OTHER_MINING_RIGHT")) {
                    assertTrue(rule.at("/dataset/source").asText().startsWith("synthetic"), "demo layers say they are synthetic");
                    assertTrue(rule.at("/dataset/current").asBoolean());
                }
            }
            JsonNode planned = rule(report, "PLANNED_ZONE");
            assertEquals(0, planned.get("outsideAreaM2").asDouble(), 1e-6);
            assertEquals(report.get("blockAreaM2").asDouble(), planned.get("totalAreaM2").asDouble(), 1e-3, "wholly inside the zones");
        }
    }

    @Test
    void theProposedDemoBlockConflictsWithRedLineAndFarmland() {
        JsonNode report = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g) { " + REPORT + " } }",
                Map.of("g", Map.of("wkt", DemoLayers.PROPOSED_BLOCK_WKT))).get("overlapCheck");
        assertEquals("CONFLICT", report.get("verdict").asText());
        assertTrue(report.get("parcelCode").isNull());
        assertEquals(1_920_000, report.get("blockAreaM2").asDouble(), 1e-3);

        JsonNode farmland = rule(report, "BASIC_FARMLAND");
        assertEquals("CONFLICT", farmland.get("verdict").asText());
        assertEquals(18, farmland.get("featureCount").asInt());
        assertEquals(DemoLayers.PROPOSED_BLOCK_FARMLAND_M2, farmland.get("totalAreaM2").asDouble(), 1e-3);
        int whole = 0;
        for (JsonNode f : farmland.get("features")) {
            assertTrue(f.get("code").asText().startsWith("DEMO-JBNT-A-"));
            if (f.get("whollyInside").asBoolean()) {
                whole++;
                assertEquals(180 * 130, f.get("areaM2").asDouble(), 1e-3);
                assertEquals(f.get("featureAreaM2").asDouble(), f.get("areaM2").asDouble(), 0, "wholly inside: its stored area");
            }
        }
        assertEquals(14, whole);

        JsonNode redLine = rule(report, "RED_LINE");
        assertEquals("CONFLICT", redLine.get("verdict").asText());
        assertEquals(1, redLine.get("featureCount").asInt());
        assertEquals("DEMO-HX-01", redLine.at("/features/0/code").asText());
        assertTrue(redLine.at("/features/0/areaM2").asDouble() > 10_000);

        assertEquals("CLEAR", rule(report, "PLANNED_ZONE").get("verdict").asText());
        assertEquals("CLEAR", rule(report, "MOUNTAIN_PROTECTION").get("verdict").asText());
        assertEquals("CLEAR", rule(report, "OTHER_MINING_RIGHT").get("verdict").asText());
    }

    @Test
    void statementsDoNotGrowWithTheNumberOfBlocks() {
        String query = "query($n: Int) { mineParcels(first: $n) { nodes { code overlapCheck { verdict rules { rule features { id areaM2 } } } } } }";
        server.data(server.viewerKey, query, Map.of("n", 2));
        long before = StatementCounter.total();
        server.data(server.viewerKey, query, Map.of("n", 2));
        long two = StatementCounter.total() - before;
        before = StatementCounter.total();
        JsonNode all = server.data(server.viewerKey, query, Map.of("n", 11));
        long eleven = StatementCounter.total() - before;
        assertEquals(11, all.at("/mineParcels/nodes").size());
        assertEquals(two, eleven, "a page of 11 blocks costs the statements of a page of 2");
    }

    @Test
    void layersListTheirDatasets() {
        JsonNode layers = server.data(server.viewerKey, "{ layers { code nameZh current { version featureCount source } datasets { id } } }")
                .get("layers");
        assertEquals(4, layers.size());
        List<String> codes = new ArrayList<>();
        for (JsonNode l : layers) {
            codes.add(l.get("code").asText());
            assertEquals(DemoLayers.VERSION, l.at("/current/version").asText());
            assertTrue(l.at("/current/featureCount").asInt() > 0);
            assertEquals(1, l.get("datasets").size());
        }
        assertEquals(List.of("RED_LINE", "BASIC_FARMLAND", "MOUNTAIN_PROTECTION", "PLANNED_ZONE"), codes);
        assertEquals(35 * 23 + 30 * 10 + 15 * 20, layers.get(1).at("/current/featureCount").asInt());
    }

    @Test
    void checksAreForStaffOnly() {
        JsonNode r = server.graphql(server.platformKey, "query($g: GeometryInput) { overlapCheck(geometry: $g) { verdict } }",
                Map.of("g", Map.of("wkt", DemoLayers.PROPOSED_BLOCK_WKT)));
        assertEquals("FORBIDDEN", TestServer.errorCode(r));
        r = server.graphql(null, "{ layers { code } }");
        assertEquals("FORBIDDEN", TestServer.errorCode(r));
    }

    @Test
    void aParcelByIdGivesTheSameReportAsNested() {
        String id = server.data(server.viewerKey, "query($c: String!) { mineParcelByCode(code: $c) { id } }", Map.of("c", DemoData.code(8)))
                .at("/mineParcelByCode/id").asText();
        JsonNode report = server.data(server.viewerKey, "query($id: ID) { overlapCheck(parcelId: $id, rules: [PLANNED_ZONE]) { "
                + REPORT + " } }", Map.of("id", id)).get("overlapCheck");
        assertEquals(DemoData.code(8), report.get("parcelCode").asText());
        assertEquals(1, report.get("rules").size());
        JsonNode zone = report.at("/rules/0");
        assertEquals("DEMO-QS-1", zone.at("/features/0/code").asText());
        assertNotNull(zone.get("dataset"));
        assertFalse(zone.at("/features/0/sliver").asBoolean());
    }

    static JsonNode rule(JsonNode report, String rule) {
        for (JsonNode r : report.get("rules")) {
            if (r.get("rule").asText().equals(rule)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + rule + " in " + report);
    }
}
