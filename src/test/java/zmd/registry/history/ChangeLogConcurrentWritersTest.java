package zmd.registry.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.db.Changes;
import zmd.registry.db.Database;
import zmd.registry.pricing.Blocks;

/**
 * Writers committing at once (eight threads on four blocks, two per block, so that their row locks and the chain's
 * lock both contend) leave one gapless chain that verifies, times that follow seq, and every block's versions in
 * the order of its writes.
 */
class ChangeLogConcurrentWritersTest {
    private static UUID block(TestServer server) {
        return Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
    }

    private static long count(DSLContext dsl, String sql, Object... binds) {
        return ((Number) dsl.fetchValue(sql, binds)).longValue();
    }

    @Test
    void concurrentWritersLeaveOneGaplessChainInEachRecordsOrder() throws Exception {
        int writers = 8;
        int writes = 25;
        // A pool of its own, one connection per writer: the test database's is smaller in the replicated run.
        try (TestServer server = TestServer.empty();
             Database pool = Database.connect(server.db.url(), writers, "concurrent-writers-test")) {
            List<UUID> blocks = List.of(block(server), block(server), block(server), block(server));
            DSLContext dsl = pool.dsl();
            long before = count(dsl, "SELECT max(seq) FROM change_log");
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    UUID target = blocks.get(w % blocks.size());
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < writes; i++) {
                            Changes.transaction(dsl, Caller.SYSTEM, "concurrent edit (test)", tx -> tx.execute(
                                    "UPDATE mine_parcel SET name = 'edit ' || (version + 1), version = version + 1 WHERE id = ?", target));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(writers * writes, count(dsl, "SELECT count(*) FROM change_log WHERE seq > ?", before), "one entry per write");
            assertEquals(before + 1, count(dsl, "SELECT min(seq) FROM change_log WHERE seq > ?", before), "seq continues the chain");
            assertEquals(before + writers * writes, count(dsl, "SELECT max(seq) FROM change_log"), "seq is gapless");
            assertEquals(0, count(dsl, "SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY seq) AS previous FROM change_log) e WHERE at < previous"),
                    "times follow seq");
            for (UUID b : blocks) {
                List<Integer> versions = dsl.fetch("SELECT version_after FROM change_log WHERE row_key = ? AND action = 'concurrent edit (test)' ORDER BY seq",
                        b.toString()).getValues(0, Integer.class);
                assertEquals(writers / blocks.size() * writes, versions.size());
                for (int i = 1; i < versions.size(); i++) {
                    assertEquals(versions.get(i - 1) + 1, versions.get(i), "each block's versions in seq order: " + versions);
                }
            }
            var v = server.registry.history().verify();
            assertTrue(v.valid(), v.toString());
        }
    }
}
