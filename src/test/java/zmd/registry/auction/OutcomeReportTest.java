package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.auction.Auctions.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** Outcome reports by the platform: a retry returns the first result and writes nothing; a conflicting report is refused. */
class OutcomeReportTest {
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
    void retryReturnsTheFirstResultAndWritesNothing() {
        String id = a.bidding(a.block());
        Map<String, Object> report = a.sold("platform-report-001", "25000000.00");
        JsonNode first = ok(a.report(a.server.platformKey, id, report)).get("reportListingOutcome");
        assertFalse(first.get("replayed").asBoolean());
        int changes = a.changes();

        JsonNode retry = ok(a.report(a.server.platformKey, id, report)).get("reportListingOutcome");
        assertTrue(retry.get("replayed").asBoolean());
        assertEquals(first.get("listing"), retry.get("listing"), "the same listing, same version, same outcome");
        assertEquals(changes, a.changes());

        // The same content written differently (price scale, offset) is the same report.
        Map<String, Object> same = new HashMap<>(report);
        same.put("finalPriceYuan", "25000000");
        same.put("decidedAt", java.time.OffsetDateTime.parse((String) report.get("decidedAt")).withOffsetSameInstant(java.time.ZoneOffset.UTC).toString());
        assertTrue(ok(a.report(a.server.platformKey, id, same)).at("/reportListingOutcome/replayed").asBoolean());
        // A credit code in lower case is refused, not stored in capitals: the register keeps what was sent.
        Map<String, Object> lower = new HashMap<>(report);
        lower.put("winnerCreditCode", "9144030071526726xg");
        JsonNode refused = a.report(a.server.platformKey, id, lower);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(refused), refused.toString());
        assertEquals(changes, a.changes());
    }

    @Test
    void conflictingReportsAreRefused() {
        String id = a.bidding(a.block());
        String another = a.bidding(a.block());
        ok(a.report(a.server.platformKey, id, a.sold("platform-report-002", "25000000.00")));
        int changes = a.changes();

        JsonNode otherPrice = a.report(a.server.platformKey, id, a.sold("platform-report-002", "26000000.00"));
        assertEquals("CONFLICT", TestServer.errorCode(otherPrice));
        assertTrue(TestServer.errorMessage(otherPrice).contains("idempotency key"), otherPrice.toString());

        JsonNode otherKey = a.report(a.server.platformKey, id, a.unsold("platform-report-003"));
        assertEquals("CONFLICT", TestServer.errorCode(otherKey));
        assertEquals("SOLD", otherKey.at("/errors/0/extensions/reportedResult").asText());

        JsonNode reusedKey = a.report(a.server.platformKey, another, a.sold("platform-report-002", "25000000.00"));
        assertEquals("CONFLICT", TestServer.errorCode(reusedKey), "a key belongs to one report");
        assertEquals("BIDDING", a.listing(a.server.editorKey, another).get("status").asText());
        assertEquals(changes, a.changes());
    }

    @Test
    void reportsAreValidated() {
        String id = a.bidding(a.block());
        Map<String, Object> badCode = new HashMap<>(a.sold("v-1", "25000000.00"));
        badCode.put("winnerCreditCode", "9144030071526726XH");
        assertField(a.report(a.server.platformKey, id, badCode), "input.winnerCreditCode");

        assertField(a.report(a.server.platformKey, id, a.sold("v-2", "19999999.99")), "input.finalPriceYuan");

        Map<String, Object> unsoldWithWinner = new HashMap<>(a.unsold("v-3"));
        unsoldWithWinner.put("winnerName", "someone");
        assertField(a.report(a.server.platformKey, id, unsoldWithWinner), "input.winnerName");

        Map<String, Object> future = new HashMap<>(a.unsold("v-4"));
        future.put("decidedAt", a.now().plusDays(1).toString());
        assertField(a.report(a.server.platformKey, id, future), "input.decidedAt");

        assertField(a.report(a.server.platformKey, id, a.unsold("bad key with spaces")), "input.idempotencyKey");
        assertEquals("FORBIDDEN", TestServer.errorCode(a.report(a.server.viewerKey, id, a.unsold("v-5"))));
        assertEquals("BIDDING", a.listing(a.server.editorKey, id).get("status").asText());
    }

    private static void assertField(JsonNode r, String field) {
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), r::toString);
        assertEquals(field, r.at("/errors/0/extensions/field").asText(), r::toString);
    }

    @Test
    void concurrentRetriesWriteOnce() throws Exception {
        String id = a.bidding(a.block());
        Map<String, Object> report = a.sold("platform-report-concurrent", "25000000.00");
        int changes = a.changes();
        List<JsonNode> results = all(8, i -> a.report(a.server.platformKey, id, report));
        long firsts = results.stream().filter(r -> !r.at("/data/reportListingOutcome/replayed").asBoolean()).count();
        results.forEach(r -> assertEquals(null, TestServer.errorCode(r), r::toString));
        assertEquals(1, firsts, "exactly one of the identical reports wrote");
        assertEquals(changes + 1, a.changes());
    }

    @Test
    void concurrentConflictingReportsLetOneWin() throws Exception {
        String id = a.bidding(a.block());
        List<JsonNode> results = all(6, i -> a.report(a.server.platformKey, id, a.sold("race-" + i, "2500000" + i + ".00")));
        assertEquals(1, results.stream().filter(r -> TestServer.errorCode(r) == null).count(), results::toString);
        assertEquals(5, results.stream().filter(r -> "CONFLICT".equals(TestServer.errorCode(r))).count(), results::toString);
    }

    interface Call {
        JsonNode run(int i) throws Exception;
    }

    static List<JsonNode> all(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(() -> call.run(k));
            }
            List<JsonNode> out = new ArrayList<>();
            for (Future<JsonNode> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
