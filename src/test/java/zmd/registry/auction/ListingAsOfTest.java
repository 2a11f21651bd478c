package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.Instants;
import zmd.registry.TestServer;

/** "What did the listing say on the day it was announced, and on which block?": a listing read as of an instant. */
class ListingAsOfTest {
    private static final String FIELDS = Auctions.FIELDS + " asOf depositYuan: deposit { yuan } announceEvidence parcel { code status asOf }";

    static Auctions auctions;
    static UUID block;
    static String listing;
    static OffsetDateTime beforeListing;
    static OffsetDateTime asDrafted;
    static OffsetDateTime asAnnounced;
    static JsonNode readAsAnnounced;

    @BeforeAll
    static void history() throws Exception {
        auctions = new Auctions();
        block = auctions.block();
        beforeListing = Instants.betweenWrites();
        listing = auctions.draft(block, "20000000.00");
        asDrafted = Instants.betweenWrites();
        Auctions.ok(auctions.announce(auctions.server.editorKey, listing));
        asAnnounced = Instants.betweenWrites();
        readAsAnnounced = read(auctions.server.editorKey, null);
        Auctions.ok(auctions.withdraw(auctions.server.editorKey, listing));
        Instants.betweenWrites();
    }

    @AfterAll
    static void stop() {
        auctions.close();
    }

    @Test
    void theListingAsOfTheDayItWasAnnouncedIsTheListingAsReadThen() {
        JsonNode then = read(auctions.server.editorKey, asAnnounced);
        assertEquals("ANNOUNCED", then.get("status").asText());
        assertEquals("LISTED", then.at("/parcel/status").asText(), "its block as of then");
        assertEquals(then.get("asOf"), then.at("/parcel/asOf"));
        ObjectNode withoutInstants = then.deepCopy();
        withoutInstants.putNull("asOf");
        ((ObjectNode) withoutInstants.get("parcel")).putNull("asOf");
        assertEquals(readAsAnnounced, withoutInstants);
        assertTrue(then.get("announceEvidence").isObject() || then.get("announceEvidence").isTextual(), then::toString);
        assertEquals("WITHDRAWN", read(auctions.server.editorKey, null).get("status").asText());
    }

    @Test
    void aDraftThenIsHiddenFromPlatformsAsOfThen() {
        assertEquals("DRAFT", read(auctions.server.editorKey, asDrafted).get("status").asText());
        assertEquals("PLANNED", read(auctions.server.editorKey, asDrafted).at("/parcel/status").asText());
        assertTrue(read(auctions.server.platformKey, asDrafted).isNull(), "a draft then");
        JsonNode platformThen = read(auctions.server.platformKey, asAnnounced);
        assertEquals("ANNOUNCED", platformThen.get("status").asText());
        assertTrue(platformThen.get("parcel").isNull(), "its block was LISTED then but is PLANNED again now (withdrawn): hidden from platforms");
        assertTrue(read(auctions.server.editorKey, beforeListing).isNull(), "not created yet");
    }

    @Test
    void aBlockAsOfThenListsItsListingsOfThen() {
        JsonNode b = auctions.server.data(auctions.server.editorKey, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { status"
                + " currentListing { id status asOf } listings { status } } }", Map.of("id", block.toString(), "t", asAnnounced.toString())).get("mineParcel");
        assertEquals("LISTED", b.get("status").asText());
        assertEquals(listing, b.at("/currentListing/id").asText());
        assertEquals("ANNOUNCED", b.at("/currentListing/status").asText());
        assertEquals(1, b.get("listings").size());
        JsonNode before = auctions.server.data(auctions.server.editorKey, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { listings { status } } }",
                Map.of("id", block.toString(), "t", beforeListing.toString())).get("mineParcel");
        assertEquals(0, before.get("listings").size());
    }

    @Test
    void theFutureIsRefused() {
        JsonNode r = auctions.server.graphql(auctions.server.editorKey, "query($id: ID!, $t: DateTime) { listing(id: $id, asOf: $t) { id } }",
                Map.of("id", listing, "t", OffsetDateTime.now().plusHours(1).toString()));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), r::toString);
    }

    private static JsonNode read(String key, OffsetDateTime t) {
        JsonNode r = auctions.server.graphql(key, "query($id: ID!, $t: DateTime) { listing(id: $id, asOf: $t) { " + FIELDS + " } }",
                t == null ? Map.of("id", listing) : Map.of("id", listing, "t", t.toString()));
        assertEquals(null, TestServer.errorCode(r), r::toString);
        return r.at("/data/listing");
    }
}
