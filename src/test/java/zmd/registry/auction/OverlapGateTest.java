package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.demo.DemoLayers;

/**
 * The announce gate with the real overlap check (no test double): a block drawn over the demo red line and
 * farmland cannot be announced, and the refusal carries the check's figures.
 */
class OverlapGateTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBlockOnTheRedLineAndFarmlandIsRefusedWithTheCheckAsEvidence() {
        Map<String, Object> parcel = new HashMap<>();
        parcel.put("code", "ZMD-GATE-01");
        parcel.put("name", "冲突示例矿");
        parcel.put("county", "泌阳县");
        parcel.put("geometry", Map.of("wkt", DemoLayers.PROPOSED_BLOCK_WKT));
        parcel.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", 100, "unit", "万吨")));
        String parcelId = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", parcel)).at("/createMineParcel/id").asText();

        LocalDate today = LocalDate.now(Listing.ZONE);
        OffsetDateTime start = today.plusDays(20).atTime(9, 0).atOffset(ZoneOffset.ofHours(8));
        Map<String, Object> listing = Map.of("parcelId", parcelId, "method", "LISTING", "startPriceYuan", "900000000.00",
                "depositYuan", "1000000.00", "bidIncrementYuan", "100000.00", "announcementDate", today.toString(),
                "biddingStart", start.toString(), "biddingEnd", start.plusDays(10).toString());
        String listingId = server.data(server.editorKey, "mutation($in: ListingInput!) { createListing(input: $in) { id } }",
                Map.of("in", listing)).at("/createListing/id").asText();

        JsonNode refused = server.graphql(server.editorKey, "mutation($id: ID!) { announceListing(id: $id) { status } }", Map.of("id", listingId));
        assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(refused), refused.toString());
        List<String> failed = AnnounceGateTest.rules(refused);
        assertTrue(failed.contains("OVERLAP_CLEAR"), failed.toString());

        JsonNode check = server.data(server.viewerKey, "query($id: ID!) { announceCheck(listingId: $id) { passes evidence } }",
                Map.of("id", listingId)).get("announceCheck");
        assertEquals(false, check.get("passes").asBoolean());
        JsonNode clearance = check.at("/evidence/clearance");
        assertEquals("NOT_CLEAR", clearance.get("verdict").asText());
        assertEquals(DemoLayers.VERSION, clearance.at("/datasetVersions/RED_LINE").asText());
        Map<String, JsonNode> rules = new HashMap<>();
        clearance.at("/report/rules").forEach(r -> rules.put(r.get("rule").asText(), r));
        assertEquals("CONFLICT", rules.get("RED_LINE").get("verdict").asText());
        assertEquals("CONFLICT", rules.get("BASIC_FARMLAND").get("verdict").asText());
        assertEquals(DemoLayers.PROPOSED_BLOCK_FARMLAND_M2, rules.get("BASIC_FARMLAND").get("conflictAreaM2").asDouble(), 0.01);
        assertEquals("CLEAR", rules.get("PLANNED_ZONE").get("verdict").asText());

        JsonNode after = server.data(server.viewerKey, "query($id: ID!) { listing(id: $id) { status } }", Map.of("id", listingId));
        assertEquals("DRAFT", after.at("/listing/status").asText(), "a refused announcement changes nothing");
    }
}
