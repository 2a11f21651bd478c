package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.pricing.Blocks;

/**
 * The announce gate, rule by rule: the overlap verdict comes from {@link FixedClearance} (the test double for the
 * protection feature), the floor from real base prices in the database.
 */
class AnnounceGateTest {
    static Auctions a;

    @BeforeAll
    static void start() {
        a = new Auctions();
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    static List<String> rules(JsonNode refusal) {
        List<String> out = new ArrayList<>();
        refusal.at("/errors/0/extensions/failedRules").forEach(r -> out.add(r.get("rule").asText()));
        return out;
    }

    static JsonNode rule(JsonNode refusal, String name) {
        for (JsonNode r : refusal.at("/errors/0/extensions/failedRules")) {
            if (r.get("rule").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not among " + refusal);
    }

    /** Refused: nothing written, the draft and its block unchanged. */
    static void nothingWritten(String id, UUID parcel, int changesBefore) {
        assertEquals("DRAFT", a.listing(a.server.editorKey, id).get("status").asText());
        assertEquals("PLANNED", a.parcelStatus(parcel));
        assertEquals(changesBefore, a.changes());
    }

    @Test
    void overlapNotClear() {
        UUID parcel = a.block();
        a.clearance.set(parcel, Clearance.Verdict.NOT_CLEAR);
        String id = a.draft(parcel, "20000000.00");
        int before = a.changes();
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(r));
        assertEquals(List.of("OVERLAP_CLEAR"), rules(r));
        JsonNode rule = rule(r, "OVERLAP_CLEAR");
        assertEquals("NOT_CLEAR", rule.get("verdict").asText());
        assertEquals("test-2024-01", rule.at("/datasetVersions/RED_LINE").asText());
        assertTrue(rule.get("message").asText().contains("生态保护红线"));
        nothingWritten(id, parcel, before);
    }

    @Test
    void overlapCheckUnavailable() {
        UUID parcel = a.block();
        a.clearance.set(parcel, Clearance.Verdict.UNAVAILABLE);
        String id = a.draft(parcel, "20000000.00");
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals(List.of("OVERLAP_CLEAR"), rules(r));
        assertEquals("UNAVAILABLE", rule(r, "OVERLAP_CLEAR").get("verdict").asText());
    }

    @Test
    void startPriceBelowTheFloor() {
        UUID parcel = a.block();
        String id = a.draft(parcel, "14999999.99");
        int before = a.changes();
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals(List.of("START_PRICE_AT_LEAST_FLOOR"), rules(r));
        JsonNode rule = rule(r, "START_PRICE_AT_LEAST_FLOOR");
        assertEquals("15000000.00", rule.get("floorYuan").decimalValue().toPlainString());
        assertEquals("14999999.99", rule.get("startPriceYuan").decimalValue().toPlainString());
        assertEquals("0.01", rule.get("shortfallYuan").decimalValue().toPlainString());
        nothingWritten(id, parcel, before);

        // Exactly at the floor passes.
        String update = "mutation($id: ID!, $p: ListingPatch!) { updateListing(id: $id, version: 1, patch: $p) { version } }";
        ok(a.server.graphql(a.server.editorKey, update, Map.of("id", id, "p", Map.of("startPriceYuan", "15000000.00"))));
        assertEquals("ANNOUNCED", ok(a.announce(a.server.editorKey, id)).at("/announceListing/status").asText());
    }

    @Test
    void reserveWithoutBasePrice() {
        UUID parcel = Blocks.create(a.registry(), "411726", "OPEN_PIT", List.of(
                Blocks.reserve("建筑用砂", "1000", "万吨"), Blocks.reserve("萤石", "12.5", "万吨")));
        String id = a.draft(parcel, "20000000.00");
        int before = a.changes();
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals(List.of("BASE_PRICES_COMPLETE"), rules(r), "the start price is above what the priced reserves give");
        JsonNode unpriced = rule(r, "BASE_PRICES_COMPLETE").get("unpricedReserves");
        assertEquals(1, unpriced.size());
        assertEquals("萤石", unpriced.at("/0/mineral").asText());
        assertEquals("NO_BASE_PRICE", unpriced.at("/0/gap").asText());
        nothingWritten(id, parcel, before);
    }

    @Test
    void everyFailedRuleIsListed() {
        UUID parcel = Blocks.create(a.registry(), "411726", "OPEN_PIT", List.of(
                Blocks.reserve("建筑用砂", "1000", "万吨"), Blocks.reserve("萤石", "12.5", "万吨")));
        a.clearance.set(parcel, Clearance.Verdict.NOT_CLEAR);
        String id = a.draft(parcel, "1000000.00");
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals(List.of("OVERLAP_CLEAR", "BASE_PRICES_COMPLETE", "START_PRICE_AT_LEAST_FLOOR"), rules(r));
        assertEquals(0, Auctions.yuan("15000000").compareTo(rule(r, "START_PRICE_AT_LEAST_FLOOR").get("pricedSubtotalYuan").decimalValue()));

        // The dry run gives the same verdict and writes nothing.
        int before = a.changes();
        JsonNode check = ok(a.server.graphql(a.server.viewerKey, "query($id: ID!) { announceCheck(listingId: $id) { passes failedRules evidence } }",
                Map.of("id", id))).get("announceCheck");
        assertFalse(check.get("passes").asBoolean());
        assertEquals(3, check.get("failedRules").size());
        assertEquals("NOT_CLEAR", check.at("/evidence/clearance/verdict").asText());
        assertEquals(before, a.changes());
        assertEquals("FORBIDDEN", TestServer.errorCode(a.server.graphql(a.server.platformKey,
                "query($id: ID!) { announceCheck(listingId: $id) { passes } }", Map.of("id", id))));
    }

    @Test
    void biddingWindowAlreadyOpen() {
        UUID parcel = a.block();
        String id = a.draft(parcel, "20000000.00");
        a.clock.advance(Duration.ofDays(10).plusMinutes(1));
        JsonNode r = a.announce(a.server.editorKey, id);
        assertEquals(List.of("BIDDING_WINDOW_AHEAD"), rules(r));
    }
}
