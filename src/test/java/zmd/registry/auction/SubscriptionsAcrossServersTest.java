package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.GraphQLWsClient;
import zmd.registry.Registry;
import zmd.registry.TestServer;

/**
 * Two API nodes over one database, as behind a load balancer: a listing change committed through one reaches the
 * subscribers of the other (LISTEN/NOTIFY), and a subscriber back from a lost connection gets what it missed, in
 * order, once.
 */
class SubscriptionsAcrossServersTest {
    static final String SUBSCRIPTION = """
            subscription($after: String) { listingChanged(after: $after) { seq cursor kind listingId listing { id version } } }""";
    static Auctions a;
    static TestServer nodeB;

    @BeforeAll
    static void start() {
        a = new Auctions();
        nodeB = a.server.anotherNode(db -> new Registry(db, a.clock, a.clearance));
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        a.close();
    }

    @Test
    void aChangeCommittedThroughOneServerReachesSubscribersOfTheOther() {
        try (GraphQLWsClient staff = GraphQLWsClient.connected(nodeB, nodeB.viewerKey)) {
            subscribed(staff, "live", null);
            String id = a.draft(a.block(), "20000000.00");
            JsonNode created = staff.next(Duration.ofSeconds(5));
            assertEquals("next", created.get("type").asText(), created::toString);
            assertEquals("CREATED", created.at("/payload/data/listingChanged/kind").asText());
            assertEquals(id, created.at("/payload/data/listingChanged/listing/id").asText(), "node B reads the listing itself");
            ok(update(id, 1));
            assertEquals("UPDATED", staff.next(Duration.ofSeconds(5)).at("/payload/data/listingChanged/kind").asText());
            assertNull(staff.nothingFor(Duration.ofMillis(700)), "each change once, though node A pushes its own writes too");
        }
    }

    @Test
    void aSubscriberBackFromALostConnectionGetsEveryChangeItMissedInOrderOnce() {
        String id = a.draft(a.block(), "20000000.00");
        String cursor;
        try (GraphQLWsClient before = GraphQLWsClient.connected(nodeB, nodeB.viewerKey)) {
            subscribed(before, "live", null);
            ok(update(id, 1));
            JsonNode last = before.next(Duration.ofSeconds(5)).at("/payload/data/listingChanged");
            assertEquals("UPDATED", last.get("kind").asText());
            cursor = last.get("cursor").asText();
        }
        // Away for a while: more changes than one subscription buffers, all through the other node.
        int missed = ListingEvents.BUFFER + 44;
        for (int v = 2; v < 2 + missed; v++) {
            ok(update(id, v));
        }
        try (GraphQLWsClient back = GraphQLWsClient.connected(nodeB, nodeB.viewerKey)) {
            back.subscribe("again", SUBSCRIPTION, Map.of("after", cursor));
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < missed; i++) {
                JsonNode m = back.next(Duration.ofSeconds(10));
                assertEquals("next", m.get("type").asText(), m::toString);
                seqs.add(m.at("/payload/data/listingChanged/seq").asLong());
            }
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "in seq order, none skipped, none twice");
            }
            ok(update(id, 2 + missed));
            JsonNode live = back.next(Duration.ofSeconds(5)).at("/payload/data/listingChanged");
            assertEquals(seqs.getLast() + 1, live.get("seq").asLong(), "then live, with no gap at the join");
            assertNull(back.nothingFor(Duration.ofMillis(700)));
        }
    }

    @Test
    void aServerWhoseListeningConnectionDropsCatchesUpWhenItIsBack() throws Exception {
        try (GraphQLWsClient staff = GraphQLWsClient.connected(nodeB, nodeB.viewerKey)) {
            subscribed(staff, "live", null);
            // Both nodes' listening connections are cut; the change commits before they are back.
            try (var c = java.sql.DriverManager.getConnection(a.server.db.jdbcUrl(), a.server.db.user(), a.server.db.password());
                    var st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'registry-listen'"
                        + " AND datname = current_database()");
            }
            String id = a.draft(a.block(), "20000000.00");
            JsonNode created = staff.next(Duration.ofSeconds(10));
            assertEquals("CREATED", created.at("/payload/data/listingChanged/kind").asText(), created::toString);
            assertEquals(id, created.at("/payload/data/listingChanged/listingId").asText());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!nodeB.registry.database().listening() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(nodeB.registry.database().listening(), "listening again");
        }
    }

    @Test
    void aCursorOfAnotherRegisterIsRefused() {
        try (GraphQLWsClient staff = GraphQLWsClient.connected(nodeB, nodeB.viewerKey)) {
            staff.subscribe("far", SUBSCRIPTION, Map.of("after", ListingChange.cursor(1_000_000)));
            JsonNode m = staff.next(Duration.ofSeconds(5));
            // The field's own error, as graphql-transport-ws sends a resolver's: a next with errors.
            assertEquals("BAD_USER_INPUT", m.at("/payload/errors/0/extensions/code").asText(), m::toString);
            assertTrue(m.at("/payload/errors/0/message").asText().startsWith("after is past the feed's last change"), m::toString);
        }
    }

    private static void subscribed(GraphQLWsClient c, String id, String after) {
        c.subscribe(id, SUBSCRIPTION, after == null ? Map.of() : Map.of("after", after));
        // Messages are handled in order: once the pong is back, the subscription is in place.
        c.send(Map.of("type", "ping"));
        assertEquals("pong", c.next().get("type").asText());
    }

    private static JsonNode update(String id, int version) {
        return a.server.graphql(a.server.editorKey, "mutation($id: ID!, $v: Int!) { updateListing(id: $id, version: $v, patch: {conditions: \"revised\"}) { id } }",
                Map.of("id", id, "v", version));
    }
}
