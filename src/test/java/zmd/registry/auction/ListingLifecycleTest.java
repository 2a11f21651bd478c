package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;
import static zmd.registry.db.generated.Tables.LISTING;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.db.Changes;

/** Every legal transition with the block's status in step, and every illegal one refused with nothing written. */
class ListingLifecycleTest {
    static Auctions a;

    @BeforeAll
    static void start() {
        a = new Auctions();
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    @Test
    void draftToAnnouncedToBiddingToSold() {
        UUID parcel = a.block();
        String id = a.draft(parcel, "20000000.00");
        JsonNode draft = a.listing(a.server.editorKey, id);
        assertEquals("DRAFT", draft.get("status").asText());
        assertEquals("PLANNED", a.parcelStatus(parcel));

        JsonNode announced = ok(a.announce(a.server.editorKey, id)).get("announceListing");
        assertEquals("ANNOUNCED", announced.get("status").asText());
        assertEquals("LISTED", announced.at("/parcel/status").asText());
        assertEquals("LISTED", a.parcelStatus(parcel));
        assertEquals("15000000.00", announced.at("/announceFloor/yuan").decimalValue().toPlainString());
        JsonNode evidence = announced.get("announceEvidence");
        assertEquals("CLEAR", evidence.at("/clearance/verdict").asText());
        assertEquals("test-2024-01", evidence.at("/clearance/datasetVersions/RED_LINE").asText());
        assertEquals("FixedClearance (test double)", evidence.at("/clearance/checker").asText());
        assertEquals("15000000.00", evidence.at("/floor/floorYuan").decimalValue().toPlainString());
        assertEquals("test prices", evidence.at("/floor/lines/0/basePrice/edition").asText());
        assertTrue(evidence.has("checkedAt"));
        // The compliance report the gate relied on was stored with the announcement, for the block version announced.
        String reportId = evidence.at("/complianceReport/id").asText();
        var stored = a.server.registry.compliance().get(Caller.SYSTEM, reportId);
        assertEquals(evidence.at("/complianceReport/sha256").asText(), stored.sha256());
        assertEquals(parcel, stored.parcelId());
        assertTrue(stored.body().contains("\"code\":\"" + a.server.db.database().dsl().fetchValue(
                "select code from mine_parcel where id = ?", parcel) + "\""), stored.body());

        assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(a.startBidding(a.server.platformKey, id)), "bidding has not opened yet");
        a.clock.advance(Duration.ofDays(11));
        JsonNode bidding = ok(a.startBidding(a.server.platformKey, id)).get("startBidding");
        assertEquals("BIDDING", bidding.get("status").asText());
        assertEquals("LISTED", a.parcelStatus(parcel));

        JsonNode sold = ok(a.report(a.server.platformKey, id, a.sold("k-sold-" + id, "24000000.00"))).get("reportListingOutcome");
        assertFalse(sold.get("replayed").asBoolean());
        assertEquals("SOLD", sold.at("/listing/status").asText());
        assertEquals("24000000.00", sold.at("/listing/outcome/finalPrice/yuan").decimalValue().toPlainString());
        assertEquals("9144030071526726XG", sold.at("/listing/outcome/winnerCreditCode").asText());
        assertEquals("GRANTED", a.parcelStatus(parcel));
    }

    @Test
    void biddingToUnsoldFreesTheBlock() {
        UUID parcel = a.block();
        String id = a.bidding(parcel);
        JsonNode unsold = ok(a.report(a.server.platformKey, id, a.unsold("k-unsold-" + id))).get("reportListingOutcome");
        assertEquals("UNSOLD", unsold.at("/listing/status").asText());
        assertEquals("PLANNED", a.parcelStatus(parcel));
        // The block can be offered again.
        a.draft(parcel, "20000000.00");
    }

    @Test
    void withdrawnFromEachOpenState() {
        UUID p1 = a.block();
        String fromDraft = a.draft(p1, "20000000.00");
        assertEquals("WITHDRAWN", ok(a.withdraw(a.server.editorKey, fromDraft)).at("/withdrawListing/status").asText());
        assertEquals("PLANNED", a.parcelStatus(p1));

        UUID p2 = a.block();
        String fromAnnounced = a.draft(p2, "20000000.00");
        ok(a.announce(a.server.editorKey, fromAnnounced));
        assertEquals("LISTED", a.parcelStatus(p2));
        assertEquals("WITHDRAWN", ok(a.withdraw(a.server.editorKey, fromAnnounced)).at("/withdrawListing/status").asText());
        assertEquals("PLANNED", a.parcelStatus(p2));

        UUID p3 = a.block();
        String fromBidding = a.bidding(p3);
        assertEquals("WITHDRAWN", ok(a.withdraw(a.server.editorKey, fromBidding)).at("/withdrawListing/status").asText());
        assertEquals("PLANNED", a.parcelStatus(p3));
    }

    /** Reaches each state, then tries every mutation that state does not allow. */
    @Test
    void everyIllegalTransitionIsRefusedAndWritesNothing() {
        Map<String, Function<String, JsonNode>> moves = Map.of(
                "announce", id -> a.announce(a.server.editorKey, id),
                "startBidding", id -> a.startBidding(a.server.editorKey, id),
                "withdraw", id -> a.withdraw(a.server.editorKey, id),
                // Staff may report too; a platform would not even see a draft (NOT_FOUND, see rolesAreEnforced).
                "sold", id -> a.report(a.server.editorKey, id, a.sold("k-illegal-sold-" + id, "30000000.00")),
                "unsold", id -> a.report(a.server.editorKey, id, a.unsold("k-illegal-unsold-" + id)));

        String draft = a.draft(a.block(), "20000000.00");
        refused(draft, "DRAFT", moves, List.of("startBidding", "sold", "unsold"));

        String announced = a.draft(a.block(), "20000000.00");
        ok(a.announce(a.server.editorKey, announced));
        refused(announced, "ANNOUNCED", moves, List.of("announce", "sold", "unsold"));

        String bidding = a.bidding(a.block());
        refused(bidding, "BIDDING", moves, List.of("announce", "startBidding"));

        String sold = a.bidding(a.block());
        ok(a.report(a.server.platformKey, sold, a.sold("k-first-" + sold, "20000000.00")));
        refused(sold, "SOLD", moves, List.of("announce", "startBidding", "withdraw"));

        String unsold = a.bidding(a.block());
        ok(a.report(a.server.platformKey, unsold, a.unsold("k-first-" + unsold)));
        refused(unsold, "UNSOLD", moves, List.of("announce", "startBidding", "withdraw"));

        String withdrawn = a.draft(a.block(), "20000000.00");
        ok(a.withdraw(a.server.editorKey, withdrawn));
        refused(withdrawn, "WITHDRAWN", moves, List.of("announce", "startBidding", "withdraw", "sold", "unsold"));
    }

    private static void refused(String id, String status, Map<String, Function<String, JsonNode>> moves, List<String> illegal) {
        for (String move : illegal) {
            int changes = a.changes();
            JsonNode r = moves.get(move).apply(id);
            assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(r), status + " -> " + move + ": " + r);
            assertEquals(status, r.at("/errors/0/extensions/from").asText());
            assertEquals(status, a.listing(a.server.editorKey, id).get("status").asText(), "unchanged after " + move);
            assertEquals(changes, a.changes(), "no change recorded after a refused " + move);
        }
    }

    @Test
    void oneOpenListingPerBlock() {
        UUID parcel = a.block();
        String first = a.draft(parcel, "20000000.00");
        JsonNode second = a.create(a.server.editorKey, a.input(parcel, "20000000.00"));
        assertEquals("CONFLICT", TestServer.errorCode(second));
        // The database enforces it as well (partial unique index).
        var dsl = a.server.db.database().dsl();
        DataAccessException e = assertThrows(DataAccessException.class, () -> Changes.transaction(dsl, Caller.SYSTEM, "hand edit (test)", tx -> tx.insertInto(LISTING)
                .set(LISTING.PARCEL_ID, parcel).set(LISTING.METHOD, "AUCTION").set(LISTING.START_PRICE, Auctions.yuan("1"))
                .set(LISTING.DEPOSIT, Auctions.yuan("0")).set(LISTING.BID_INCREMENT, Auctions.yuan("1"))
                .set(LISTING.ANNOUNCEMENT_DATE, java.time.LocalDate.now()).set(LISTING.BIDDING_START, a.now().plusDays(3))
                .set(LISTING.BIDDING_END, a.now().plusDays(4)).set(LISTING.CREATED_BY, "sql").execute()));
        assertTrue(e.getMessage().contains("listing_one_open_per_parcel"), e.getMessage());
        ok(a.withdraw(a.server.editorKey, first));
        a.draft(parcel, "20000000.00");
    }

    @Test
    void listingAGrantedBlockIsRefused() {
        UUID parcel = a.block();
        String id = a.bidding(parcel);
        ok(a.report(a.server.platformKey, id, a.sold("k-granted-" + id, "20000000.00")));
        JsonNode r = a.create(a.server.editorKey, a.input(parcel, "20000000.00"));
        assertEquals("CONFLICT", TestServer.errorCode(r));
        assertEquals("GRANTED", r.at("/errors/0/extensions/parcelStatus").asText());
    }

    @Test
    void datesAndMoneyAreChecked() {
        UUID parcel = a.block();
        Map<String, Object> reversed = a.input(parcel, "20000000.00");
        reversed.put("biddingEnd", a.now().plusDays(5).toString());
        assertField(a.create(a.server.editorKey, reversed), "biddingEnd");

        Map<String, Object> past = a.input(parcel, "20000000.00");
        past.put("biddingStart", a.now().minusDays(1).toString());
        assertField(a.create(a.server.editorKey, past), "biddingStart");

        Map<String, Object> late = a.input(parcel, "20000000.00");
        late.put("announcementDate", a.now().plusDays(10).atZoneSameInstant(Auctions.ZONE).toLocalDate().toString());
        assertField(a.create(a.server.editorKey, late), "announcementDate");

        Map<String, Object> deposit = a.input(parcel, "20000000.00");
        deposit.put("depositYuan", "20000000.01");
        assertField(a.create(a.server.editorKey, deposit), "depositYuan");

        Map<String, Object> fen = a.input(parcel, "20000000.001");
        assertField(a.create(a.server.editorKey, fen), "startPriceYuan");

        Map<String, Object> planned = a.input(parcel, null);
        planned.remove("startPriceYuan");
        JsonNode fromPlan = ok(a.create(a.server.editorKey, planned)).get("createListing");
        assertEquals("500000000.00", fromPlan.at("/startPrice/yuan").decimalValue().toPlainString(), "defaults to the planned start price");
        assertEquals("50000", fromPlan.at("/startPrice/wanYuan").decimalValue().stripTrailingZeros().toPlainString());
    }

    private static void assertField(JsonNode r, String field) {
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), r::toString);
        assertEquals(field, r.at("/errors/0/extensions/field").asText(), r::toString);
    }

    @Test
    void rolesAreEnforced() {
        UUID parcel = a.block();
        assertEquals("FORBIDDEN", TestServer.errorCode(a.create(a.server.platformKey, a.input(parcel, "20000000.00"))));
        assertEquals("FORBIDDEN", TestServer.errorCode(a.create(a.server.viewerKey, a.input(parcel, "20000000.00"))));
        String id = a.draft(parcel, "20000000.00");
        assertEquals("FORBIDDEN", TestServer.errorCode(a.announce(a.server.platformKey, id)));
        assertEquals("FORBIDDEN", TestServer.errorCode(a.withdraw(a.server.platformKey, id)));
        assertEquals("FORBIDDEN", TestServer.errorCode(a.startBidding(null, id)));
        // A platform cannot act on a draft it cannot see: it does not exist for it.
        assertEquals("NOT_FOUND", TestServer.errorCode(a.startBidding(a.server.platformKey, id)));
        assertEquals("NOT_FOUND", TestServer.errorCode(a.report(a.server.platformKey, id, a.unsold("k-role-" + id))));
        assertEquals("DRAFT", a.listing(a.server.editorKey, id).get("status").asText());
    }

    @Test
    void aDraftCanBeChangedWithItsVersion() {
        String id = a.draft(a.block(), "20000000.00");
        String update = "mutation($id: ID!, $v: Int!, $p: ListingPatch!) { updateListing(id: $id, version: $v, patch: $p) { version startPrice { yuan } } }";
        JsonNode changed = ok(a.server.graphql(a.server.editorKey, update, Map.of("id", id, "v", 1, "p", Map.of("startPriceYuan", "21000000.50"))));
        assertEquals(2, changed.at("/updateListing/version").asInt());
        assertEquals("21000000.50", changed.at("/updateListing/startPrice/yuan").decimalValue().toPlainString());
        assertEquals("CONFLICT", TestServer.errorCode(a.server.graphql(a.server.editorKey, update, Map.of("id", id, "v", 1, "p", Map.of("conditions", "x")))));
        JsonNode reversed = a.server.graphql(a.server.editorKey, update, Map.of("id", id, "v", 2, "p", Map.of("biddingEnd", a.now().plusDays(1).toString())));
        assertField(reversed, "biddingEnd");
        ok(a.announce(a.server.editorKey, id));
        assertEquals("CONFLICT", TestServer.errorCode(a.server.graphql(a.server.editorKey, update, Map.of("id", id, "v", 3, "p", Map.of("conditions", "x")))),
                "only a draft can be changed");
    }

    private static final String PATCH_STATUS = "mutation($id: ID!, $v: Int!, $s: ParcelStatus!) {"
            + " updateMineParcel(id: $id, version: $v, patch: { status: $s }) { status version } }";

    private static int version(UUID parcel) {
        return a.server.data(a.server.viewerKey, "query($id: ID!) { mineParcel(id: $id) { version } }", Map.of("id", parcel.toString()))
                .at("/mineParcel/version").asInt();
    }

    @Test
    void listedAndGrantedBelongToTheListingLifecycleOnly() {
        UUID parcel = a.block();
        for (String status : List.of("LISTED", "GRANTED")) {
            JsonNode r = a.server.graphql(a.server.editorKey, PATCH_STATUS, Map.of("id", parcel.toString(), "v", version(parcel), "s", status));
            assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(r), r.toString());
            assertEquals("status", r.at("/errors/0/extensions/field").asText());
            assertTrue(TestServer.errorMessage(r).contains("set by the block's listing"), TestServer.errorMessage(r));
            assertEquals("PLANNED", a.parcelStatus(parcel), "nothing was written");
        }
        String id = a.draft(parcel, "20000000.00");
        ok(a.announce(a.server.editorKey, id));
        assertEquals("LISTED", a.parcelStatus(parcel));
        JsonNode back = a.server.graphql(a.server.editorKey, PATCH_STATUS, Map.of("id", parcel.toString(), "v", version(parcel), "s", "PLANNED"));
        assertEquals("ILLEGAL_TRANSITION", TestServer.errorCode(back), "a listed block is freed by withdrawing its listing: " + back);
        assertEquals("LISTED", a.parcelStatus(parcel));

        UUID other = a.block();
        JsonNode cancelled = ok(a.server.graphql(a.server.editorKey, PATCH_STATUS, Map.of("id", other.toString(), "v", version(other), "s", "CANCELLED")));
        assertEquals("CANCELLED", cancelled.at("/updateMineParcel/status").asText(), "staff statuses still work");
    }
}
