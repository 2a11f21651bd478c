package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.GraphQLWsClient;
import zmd.registry.TestServer;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;

/** Listing changes pushed over a real WebSocket (graphql-transport-ws), with the same visibility as the feed. */
class ListingSubscriptionTest {
    static Auctions a;
    static final String SUBSCRIPTION = """
            subscription($id: ID) { listingChanged(listingId: $id) { seq cursor kind status listingId
              listing { id status startPrice { wanYuan } parcel { code status county { name } reserves { mineral quantity unit } } } } }""";

    @BeforeAll
    static void start() {
        a = new Auctions();
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    @Test
    void aPlatformReceivesAnnouncedChangesButNeverDrafts() {
        awaitSubscriptions(0, "no subscriptions left by other tests");
        try (GraphQLWsClient platform = GraphQLWsClient.connected(a.server, a.server.platformKey); GraphQLWsClient staff = GraphQLWsClient.connected(a.server, a.server.viewerKey)) {
            platform.subscribe("all", SUBSCRIPTION, Map.of());
            staff.subscribe("all", SUBSCRIPTION, Map.of());
            // Messages are handled in order: once the pong is back, the subscriptions are in place.
            platform.send(Map.of("type", "ping"));
            assertEquals("pong", platform.next().get("type").asText());
            staff.send(Map.of("type", "ping"));
            assertEquals("pong", staff.next().get("type").asText());

            UUID block = a.block();
            String id = a.draft(block, "20000000.00");
            ok(a.server.graphql(a.server.editorKey, "mutation($id: ID!) { updateListing(id: $id, version: 1, patch: {conditions: \"revised\"}) { id } }",
                    Map.of("id", id)));

            JsonNode created = staff.next();
            assertEquals("next", created.get("type").asText());
            assertEquals("all", created.get("id").asText());
            assertEquals("CREATED", created.at("/payload/data/listingChanged/kind").asText());
            assertEquals("DRAFT", created.at("/payload/data/listingChanged/status").asText());
            assertEquals("UPDATED", staff.next().at("/payload/data/listingChanged/kind").asText());

            ok(a.announce(a.server.editorKey, id));
            JsonNode announced = platform.next();
            assertEquals("next", announced.get("type").asText(), announced::toString);
            JsonNode change = announced.at("/payload/data/listingChanged");
            assertEquals("ANNOUNCED", change.get("kind").asText(), "the draft's CREATED and UPDATED never reached the platform");
            assertEquals(id, change.at("/listing/id").asText());
            assertEquals("LISTED", change.at("/listing/parcel/status").asText(), "the event shows the block after its own change");
            assertEquals("泌阳县", change.at("/listing/parcel/county/name").asText());
            assertEquals("建筑用砂", change.at("/listing/parcel/reserves/0/mineral").asText());
            assertEquals("2000", change.at("/listing/startPrice/wanYuan").decimalValue().stripTrailingZeros().toPlainString());
            assertEquals("ANNOUNCED", staff.next().at("/payload/data/listingChanged/kind").asText());

            // The event's cursor continues the feed: nothing after it yet.
            String cursor = change.get("cursor").asText();
            assertEquals(0, ok(a.server.graphql(a.server.platformKey, "query($c: String) { listingChanges(after: $c) { changes { seq } } }", Map.of("c", cursor)))
                    .at("/listingChanges/changes").size());

            a.clock.advance(Duration.ofDays(11));
            ok(a.startBidding(a.server.platformKey, id));
            JsonNode bidding = platform.next().at("/payload/data/listingChanged");
            assertEquals("BIDDING_STARTED", bidding.get("kind").asText());
            assertEquals(change.get("seq").asLong() + 1, bidding.get("seq").asLong());

            platform.send(Map.of("id", "all", "type", "complete"));
            ok(a.withdraw(a.server.editorKey, id));
            assertEquals("BIDDING_STARTED", staff.next().at("/payload/data/listingChanged/kind").asText());
            assertEquals("WITHDRAWN", staff.next().at("/payload/data/listingChanged/kind").asText());
            assertNull(platform.nothingFor(Duration.ofMillis(500)), "nothing after complete");
            awaitSubscriptions(1, "the completed subscription was let go");
        }
        awaitSubscriptions(0, "closing the sockets ended their subscriptions");
    }

    static void awaitSubscriptions(int n, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.registry().listingEvents().subscriptions() != n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertEquals(n, a.registry().listingEvents().subscriptions(), what);
    }

    @Test
    void eachEventShowingAPlannedBlocksGeometryIsRecorded() {
        try (GraphQLWsClient staff = GraphQLWsClient.connected(a.server, a.server.viewerKey)) {
            UUID block = a.block();
            String id = a.draft(block, "20000000.00");
            staff.subscribe("shapes", "subscription($id: ID) { listingChanged(listingId: $id) { kind listing { parcel { status geometry } } } }",
                    Map.of("id", id));
            staff.send(Map.of("type", "ping"));
            assertEquals("pong", staff.next().get("type").asText());
            var log = zmd.registry.db.generated.Tables.ACCESS_LOG;
            var dsl = a.server.db.database().dsl();
            long before = dsl.select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(log.ID), 0L)).from(log).fetchSingle().value1();
            ok(a.server.graphql(a.server.editorKey, "mutation($id: ID!) { updateListing(id: $id, version: 1, patch: {conditions: \"revised\"}) { id } }",
                    Map.of("id", id)));
            JsonNode event = staff.next();
            assertEquals("PLANNED", event.at("/payload/data/listingChanged/listing/parcel/status").asText(), event::toString);
            var entries = dsl.selectFrom(log).where(log.ID.gt(before)).fetch();
            assertEquals(1, entries.size(), entries::toString);
            assertEquals("GRAPHQL_WS", entries.get(0).getProtocol());
            assertEquals(java.util.List.of(block), java.util.List.of(entries.get(0).getParcelIds()));
            assertTrue(entries.get(0).getRequestId().endsWith("/shapes"), entries.get(0).getRequestId());
            assertEquals("subscription (an event)", entries.get(0).getDetail());
        }
    }

    @Test
    void oneListingOnly() {
        try (GraphQLWsClient platform = GraphQLWsClient.connected(a.server, a.server.platformKey)) {
            String watched = a.draft(a.block(), "20000000.00");
            String other = a.draft(a.block(), "20000000.00");
            platform.subscribe("one", SUBSCRIPTION, Map.of("id", watched));
            platform.send(Map.of("type", "ping"));
            assertEquals("pong", platform.next().get("type").asText());
            ok(a.announce(a.server.editorKey, other));
            ok(a.announce(a.server.editorKey, watched));
            JsonNode m = platform.next();
            assertEquals(watched, m.at("/payload/data/listingChanged/listingId").asText());
        }
    }

    @Test
    void queriesRunOverTheSocketToo() {
        try (GraphQLWsClient c = GraphQLWsClient.connected(a.server, null)) {
            c.subscribe("q", "{ apiVersion whoAmI { role } }", Map.of());
            JsonNode next = c.next();
            assertEquals("next", next.get("type").asText());
            assertEquals("PUBLIC", next.at("/payload/data/whoAmI/role").asText());
            assertEquals("complete", c.next().get("type").asText());

            c.subscribe("bad", "subscription { listingChanged { nope } }", Map.of());
            JsonNode error = c.next();
            assertEquals("error", error.get("type").asText());
            assertEquals("bad", error.get("id").asText());
            assertTrue(error.get("payload").isArray());
        }
    }

    @Test
    void notOverHttp() {
        JsonNode r = a.server.graphql(a.server.platformKey, SUBSCRIPTION, Map.of());
        assertEquals("BAD_REQUEST", r.at("/errors/0/extensions/code").asText(), r::toString);
        assertEquals(0, a.registry().listingEvents().subscriptions());
    }

    @Test
    void protocolViolationsCloseWithTheProtocolsCodes() {
        try (GraphQLWsClient early = new GraphQLWsClient(a.server, "graphql-transport-ws")) {
            early.subscribe("1", SUBSCRIPTION, Map.of());
            assertEquals(4401, early.closeCode(), "subscribe before connection_ack");
        }
        try (GraphQLWsClient badKey = new GraphQLWsClient(a.server, "graphql-transport-ws")) {
            badKey.send(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer mrr_not-a-key")));
            assertEquals(4403, badKey.closeCode());
        }
        try (GraphQLWsClient twice = GraphQLWsClient.connected(a.server, a.server.platformKey)) {
            twice.send(Map.of("type", "connection_init"));
            assertEquals(4429, twice.closeCode());
        }
        for (String notOneObject : java.util.List.of("{\"type\":\"ping\"} xyz", "{\"type\":\"ping\",\"type\":\"pong\"}")) {
            try (GraphQLWsClient garbage = GraphQLWsClient.connected(a.server, a.server.platformKey)) {
                garbage.sendRaw(notOneObject);
                assertEquals(4400, garbage.closeCode(), notOneObject);
            }
        }
        try (GraphQLWsClient duplicate = GraphQLWsClient.connected(a.server, a.server.platformKey)) {
            duplicate.subscribe("same", SUBSCRIPTION, Map.of());
            duplicate.subscribe("same", SUBSCRIPTION, Map.of());
            assertEquals(4409, duplicate.closeCode());
        }
        try (GraphQLWsClient nonsense = GraphQLWsClient.connected(a.server, a.server.platformKey)) {
            nonsense.send(Map.of("type", "shout"));
            assertEquals(4400, nonsense.closeCode());
        }
        try (GraphQLWsClient noProtocol = new GraphQLWsClient(a.server, null)) {
            assertEquals(4406, noProtocol.closeCode());
        }
        try (GraphQLWsClient silent = new GraphQLWsClient(a.server, "graphql-transport-ws")) {
            assertEquals(4408, silent.closeCode(), "no connection_init within 10 s");
        }
    }

    @Test
    void aRevokedKeysOpenConnectionsCloseWithinASecond() {
        ApiKeys.Created key = a.server.registry.apiKeys().create(Role.PLATFORM, "platform to revoke");
        try (GraphQLWsClient c = GraphQLWsClient.connected(a.server, key.key())) {
            c.subscribe("1", SUBSCRIPTION, Map.of());
            // Another node (or the command line) shares only the database.
            ApiKeys otherNode = new ApiKeys(a.server.db.database().dsl());
            long start = System.nanoTime();
            otherNode.revoke(Caller.commandLine(), key.caller().keyId().toString());
            int code = c.closeCode();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4403, code, "closed as Forbidden");
            assertTrue(elapsedMs < 1_000, "closed after " + elapsedMs + " ms");
        }
    }
}
