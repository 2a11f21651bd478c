package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * The listings collection of the OGC API shows a listing only with a block the caller may see: a withdrawn
 * announcement puts its block back to PLANNED, and GraphQL then hides the block, so the feature is left out too.
 */
class ListingFeaturesTest {
    static Auctions a;

    @BeforeAll
    static void start() {
        a = new Auctions();
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    private static Set<String> ogcListings(String key) throws Exception {
        HttpResponse<String> r = a.server.get("/ogc/collections/listings/items?limit=100", key);
        assertEquals(200, r.statusCode(), r.body());
        Set<String> ids = new HashSet<>();
        TestServer.JSON.readTree(r.body()).get("features").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    @Test
    void aWithdrawnListingWhoseBlockIsPlannedAgainIsNotAPublicFeature() throws Exception {
        UUID open = a.block();
        String announced = a.draft(open, "20000000.00");
        a.announce(a.server.editorKey, announced);
        UUID back = a.block();
        String withdrawn = a.draft(back, "20000000.00");
        a.announce(a.server.editorKey, withdrawn);
        a.withdraw(a.server.editorKey, withdrawn);
        assertEquals("PLANNED", a.parcelStatus(back));

        JsonNode gql = a.server.data(null, "{ listing(id: \"" + withdrawn + "\") { status parcel { id } } }").get("listing");
        assertEquals("WITHDRAWN", gql.get("status").asText());
        assertTrue(gql.get("parcel").isNull(), "GraphQL hides the planned block: " + gql);

        assertEquals(Set.of(announced), ogcListings(null));
        assertEquals(Set.of(announced), ogcListings(a.server.platformKey));
        assertEquals(Set.of(announced, withdrawn), ogcListings(a.server.viewerKey));
        assertEquals(404, a.server.get("/ogc/collections/listings/items/" + withdrawn, null).statusCode());
    }
}
