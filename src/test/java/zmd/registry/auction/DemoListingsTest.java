package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** The demo data's listings: states, start prices, and the overlap evidence stored when they were announced. */
class DemoListingsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void elevenListingsInTheDemoStates() {
        JsonNode nodes = server.data(server.editorKey, """
                { listings(first: 50) { totalCount nodes { status startPrice { yuan wanYuan } parcel { code status }
                  announceEvidence announceFloor { yuan } outcome { result finalPrice { wanYuan } winnerCreditCode } } } }""")
                .at("/listings/nodes");
        assertEquals(11, nodes.size());
        Map<String, JsonNode> byCode = new HashMap<>();
        nodes.forEach(n -> byCode.put(n.at("/parcel/code").asText(), n));
        assertEquals("SOLD", byCode.get("ZMD-2020-01").get("status").asText());
        assertEquals("GRANTED", byCode.get("ZMD-2020-01").at("/parcel/status").asText());
        assertEquals("43586.65", byCode.get("ZMD-2020-01").at("/startPrice/wanYuan").asText());
        assertEquals("91411726MA9DEMX011", byCode.get("ZMD-2020-01").at("/outcome/winnerCreditCode").asText());
        assertEquals("BIDDING", byCode.get("ZMD-2020-02").get("status").asText());
        assertEquals("53444.11", byCode.get("ZMD-2020-02").at("/startPrice/wanYuan").asText());
        assertEquals("ANNOUNCED", byCode.get("ZMD-2020-03").get("status").asText());
        assertEquals("14473.83", byCode.get("ZMD-2020-03").at("/startPrice/wanYuan").asText());
        assertEquals("LISTED", byCode.get("ZMD-2020-03").at("/parcel/status").asText());
        assertEquals("DRAFT", byCode.get("ZMD-2020-11").get("status").asText());
        assertEquals("PLANNED", byCode.get("ZMD-2020-11").at("/parcel/status").asText());
        // Block 1's floor with the demo base prices: 10105900 m³ x 20 + 100780000 t x 2.
        assertEquals("403678000.00", byCode.get("ZMD-2020-01").at("/announceFloor/yuan").asText());
        JsonNode evidence = byCode.get("ZMD-2020-03").get("announceEvidence");
        // Announced through the real gate: the overlap check against the demo layers, with their versions.
        assertTrue(evidence.at("/clearance/checker").asText().startsWith("protection.OverlapService"), evidence.toString());
        assertEquals("demo-1", evidence.at("/clearance/datasetVersions/BASIC_FARMLAND").asText());
        assertEquals(5, evidence.at("/clearance/report/rules").size());
        assertEquals("CLEAR", evidence.at("/clearance/verdict").asText());
    }
}
