package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.access.Caller;
import zmd.registry.db.Changes;
import zmd.registry.db.StatementCounter;

/** Platforms and the public never see a draft (nor a draft withdrawn unannounced), by any query path. */
class ListingVisibilityTest {
    static Auctions a;
    static String draft;
    static String withdrawnDraft;
    static String announced;
    static String withdrawnAnnounced;
    static UUID reofferedBlock;
    static String reoffered;
    static UUID forcedBlock;
    static String forcedDraft;

    @BeforeAll
    static void start() {
        a = new Auctions();
        draft = a.draft(a.block(), "20000000.00");
        withdrawnDraft = a.draft(a.block(), "20000000.00");
        ok(a.withdraw(a.server.editorKey, withdrawnDraft));
        announced = a.draft(a.block(), "20000000.00");
        ok(a.announce(a.server.editorKey, announced));
        withdrawnAnnounced = a.draft(a.block(), "20000000.00");
        ok(a.announce(a.server.editorKey, withdrawnAnnounced));
        ok(a.withdraw(a.server.editorKey, withdrawnAnnounced));
        // A block whose first listing was withdrawn as a draft, then offered again: it is public, its old draft is not.
        reofferedBlock = a.block();
        String old = a.draft(reofferedBlock, "20000000.00");
        ok(a.withdraw(a.server.editorKey, old));
        reoffered = a.draft(reofferedBlock, "20000000.00");
        ok(a.announce(a.server.editorKey, reoffered));
        // A block made LISTED behind the lifecycle (the API refuses it; a hand edit of the table or old data does not)
        // while its listing is still a draft: the block is public, the draft is not.
        forcedBlock = a.block();
        forcedDraft = a.draft(forcedBlock, "20000000.00");
        Changes.transaction(a.server.db.database().dsl(), Caller.SYSTEM, "hand edit (test)",
                tx -> tx.update(MINE_PARCEL).set(MINE_PARCEL.STATUS, "LISTED").where(MINE_PARCEL.ID.eq(forcedBlock)).execute());
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    static List<String> outsiders() {
        List<String> keys = new ArrayList<>();
        keys.add(a.server.platformKey);
        keys.add(null);
        return keys;
    }

    static Set<String> hidden() {
        return Set.of(draft, withdrawnDraft, forcedDraft);
    }

    @Test
    void list() {
        for (String key : outsiders()) {
            Set<String> ids = new HashSet<>();
            JsonNode page = ok(a.server.graphql(key, "{ listings(first: 200) { totalCount nodes { id status } } }")).get("listings");
            page.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
            assertTrue(ids.containsAll(Set.of(announced, withdrawnAnnounced, reoffered)), ids::toString);
            hidden().forEach(h -> assertFalse(ids.contains(h), "draft " + h + " listed for " + key));
            assertEquals(ids.size(), page.get("totalCount").asInt(), "the count does not count drafts either");
            assertEquals(0, ok(a.server.graphql(key, "{ listings(filter: {status: [DRAFT]}) { totalCount nodes { id } } }"))
                    .at("/listings/totalCount").asInt());
        }
        Set<String> staff = new HashSet<>();
        ok(a.server.graphql(a.server.viewerKey, "{ listings(first: 200) { nodes { id } } }")).at("/listings/nodes").forEach(n -> staff.add(n.get("id").asText()));
        assertTrue(staff.containsAll(hidden()), "staff see drafts");
    }

    @Test
    void byId() {
        for (String key : outsiders()) {
            for (String h : hidden()) {
                assertTrue(a.listing(key, h).isNull(), "draft " + h + " by id for " + key);
            }
            assertEquals("WITHDRAWN", a.listing(key, withdrawnAnnounced).get("status").asText());
            assertEquals("ANNOUNCED", a.listing(key, announced).get("status").asText());
        }
        assertEquals("DRAFT", a.listing(a.server.viewerKey, draft).get("status").asText());
    }

    @Test
    void viaTheBlock() {
        String q = "query($id: ID!) { mineParcel(id: $id) { status currentListing { id status } listings { id status } } }";
        for (String key : outsiders()) {
            JsonNode reofferedParcel = ok(a.server.graphql(key, q, Map.of("id", reofferedBlock.toString()))).get("mineParcel");
            assertEquals(reoffered, reofferedParcel.at("/currentListing/id").asText());
            assertEquals(1, reofferedParcel.get("listings").size(), "the withdrawn draft is not among the block's listings");

            JsonNode forced = ok(a.server.graphql(key, q, Map.of("id", forcedBlock.toString()))).get("mineParcel");
            assertEquals("LISTED", forced.get("status").asText());
            assertTrue(forced.get("currentListing").isNull(), forced::toString);
            assertEquals(0, forced.get("listings").size());
        }
        JsonNode staff = ok(a.server.graphql(a.server.viewerKey, q, Map.of("id", forcedBlock.toString()))).get("mineParcel");
        assertEquals(forcedDraft, staff.at("/currentListing/id").asText());
        assertEquals(2, ok(a.server.graphql(a.server.viewerKey, q, Map.of("id", reofferedBlock.toString()))).at("/mineParcel/listings").size());
    }

    @Test
    void viaTheChangeFeed() {
        for (String key : outsiders()) {
            List<JsonNode> changes = new ArrayList<>();
            String after = null;
            do {
                JsonNode page = ok(a.server.graphql(key, "query($after: String) { listingChanges(after: $after, first: 3) { changes { seq kind status listingId listing { id } changedBy } endCursor hasMore } }",
                        after == null ? Map.of() : Map.of("after", after))).get("listingChanges");
                page.get("changes").forEach(changes::add);
                after = page.get("hasMore").asBoolean() ? page.get("endCursor").asText() : null;
            } while (after != null);
            assertFalse(changes.isEmpty());
            for (JsonNode c : changes) {
                assertFalse(hidden().contains(c.get("listingId").asText()), c::toString);
                assertFalse(c.get("status").asText().equals("DRAFT"), c::toString);
                assertFalse(c.get("listing").isNull(), "every change a platform sees resolves to its listing");
                assertTrue(c.get("changedBy").isNull(), "who changed it is for staff");
            }
            assertTrue(changes.stream().anyMatch(c -> c.get("listingId").asText().equals(withdrawnAnnounced) && c.get("kind").asText().equals("WITHDRAWN")));
        }
        JsonNode staff = ok(a.server.graphql(a.server.viewerKey, "{ listingChanges(first: 1000) { changes { listingId kind } } }")).at("/listingChanges/changes");
        Set<String> staffIds = new HashSet<>();
        staff.forEach(c -> staffIds.add(c.get("listingId").asText()));
        assertTrue(staffIds.containsAll(hidden()));
    }

    /** A page of 50 listings with block, county and reserves costs the same statements as a page of 5 (after the key is cached). */
    @Test
    void aPageIsBatched() {
        for (int i = 0; i < 50; i++) {
            ok(a.announce(a.server.editorKey, a.draft(a.block(), "20000000.00")));
        }
        String q = "query($n: Int) { listings(first: $n, filter: {status: [ANNOUNCED]}) { nodes { id startPrice { wanYuan } parcel { code name areaKm2 areaMu elevation { topM } "
                + "county { name } reserves { mineral category quantity unit } designCapacities { mineral } miningMethod serviceLifeYears "
                + "startPriceFloor { floor { yuan } } } } } }";
        statements(q, 1);
        long small = statements(q, 5);
        long large = statements(q, 50);
        assertEquals(small, large, "statements for 5 and 50 listings");
        // listings, blocks, reserves, capacities, floor reserves, floor prices; counties are in memory.
        assertEquals(6, large);
    }

    static long statements(String q, int n) {
        long before = StatementCounter.total();
        JsonNode data = ok(a.server.graphql(a.server.platformKey, q, Map.of("n", n)));
        long used = StatementCounter.total() - before;
        assertEquals(n, data.at("/listings/nodes").size());
        data.at("/listings/nodes").forEach(l -> assertFalse(l.get("parcel").isNull(), "a listed block is visible to the platform"));
        return used;
    }
}
