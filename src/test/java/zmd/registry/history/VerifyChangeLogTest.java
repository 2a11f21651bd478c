package zmd.registry.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Role;
import zmd.registry.pricing.Blocks;

/** Tamper evidence: edits behind the register's back (triggers disabled, as a superuser can) are found and named. */
class VerifyChangeLogTest {
    private static final String VERIFY = "{ verifyChangeLog { valid entriesChecked rowsChecked firstBreak { kind seq table key message } } }";

    private static UUID block(TestServer server) {
        return Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
    }

    /** Runs {@code sql} with triggers off (session_replication_role = replica): no entry, no refusal. */
    private static void behindTheRegistersBack(TestServer server, String sql, Object... binds) {
        server.db.database().dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.execute("SET LOCAL session_replication_role = replica");
            tx.execute(sql, binds);
        });
    }

    private static int command(TestServer server, ByteArrayOutputStream err) {
        return VerifyChangeLogCommand.run(server.registry.history().repository(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aRowEditedWithTriggersDisabledIsFoundAndNamed() {
        try (TestServer server = TestServer.empty()) {
            String auditor = server.registry.apiKeys().create(Role.AUDITOR, "督察").key();
            block(server);
            UUID edited = block(server);
            JsonNode whole = server.data(auditor, VERIFY).get("verifyChangeLog");
            assertTrue(whole.get("valid").asBoolean(), whole.toString());
            assertTrue(whole.get("entriesChecked").asInt() >= 8, whole.toString());
            assertEquals(0, command(server, new ByteArrayOutputStream()));

            behindTheRegistersBack(server, "UPDATE mine_parcel SET name = 'sneaky' WHERE id = ?", edited);
            JsonNode broken = server.data(auditor, VERIFY).get("verifyChangeLog");
            assertFalse(broken.get("valid").asBoolean());
            assertEquals("ROW_MISMATCH", broken.at("/firstBreak/kind").asText());
            assertEquals("mine_parcel", broken.at("/firstBreak/table").asText());
            assertEquals(edited.toString(), broken.at("/firstBreak/key").asText());
            long lastEntry = server.db.database().dsl().fetchValue("SELECT max(seq) FROM change_log WHERE table_name = 'mine_parcel' AND row_key = ?",
                    edited.toString()) instanceof Number n ? n.longValue() : -1;
            assertEquals(lastEntry, broken.at("/firstBreak/seq").asLong(), "names the entry the row no longer matches");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, command(server, err));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(edited.toString()), err.toString(StandardCharsets.UTF_8));

        }
    }

    /** Entries are chained at commit: a writer that holds its transaction open holds no other writer back. */
    @Test
    void anOpenTransactionHoldsBackNoOtherWriter() throws Exception {
        try (TestServer server = TestServer.empty()) {
            UUID slowBlock = block(server);
            UUID fastBlock = block(server);
            DSLContext dsl = server.db.database().dsl();
            java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch fastDone = new java.util.concurrent.CountDownLatch(1);
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            var slow = pool.submit(() -> zmd.registry.db.Changes.transaction(dsl, zmd.registry.access.Caller.SYSTEM, "slow edit (test)", tx -> {
                tx.execute("UPDATE mine_parcel SET name = 'slow', version = version + 1 WHERE id = ?", slowBlock);
                written.countDown();
                try {
                    return fastDone.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            written.await();
            long t0 = System.nanoTime();
            server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {name: \"fast\"}) { version } }",
                    Map.of("id", fastBlock.toString()));
            long fastMs = (System.nanoTime() - t0) / 1_000_000;
            fastDone.countDown();
            assertTrue(slow.get(10, java.util.concurrent.TimeUnit.SECONDS), "the slow writer saw the fast one commit while it was open");
            pool.shutdown();
            assertTrue(fastMs < 5_000, "the fast write waited " + fastMs + " ms");
            long slowSeq = ((Number) dsl.fetchValue("SELECT max(seq) FROM change_log WHERE row_key = ?", slowBlock.toString())).longValue();
            long fastSeq = ((Number) dsl.fetchValue("SELECT max(seq) FROM change_log WHERE row_key = ?", fastBlock.toString())).longValue();
            assertTrue(fastSeq < slowSeq, "seq follows commit order: " + fastSeq + " before " + slowSeq);
            assertTrue(server.registry.history().verify().valid());
        }
    }

    @Test
    void aTamperedEntryIsTheFirstBreak() {
        try (TestServer server = TestServer.empty()) {
            String auditor = server.registry.apiKeys().create(Role.AUDITOR, "督察").key();
            UUID id = block(server);
            server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {name: \"改名\"}) { version } }",
                    Map.of("id", id.toString()));
            block(server);
            long seq = ((Number) server.db.database().dsl().fetchValue(
                    "SELECT seq FROM change_log WHERE table_name = 'mine_parcel' AND row_key = ? AND operation = 'INSERT'", id.toString())).longValue();
            behindTheRegistersBack(server, "UPDATE change_log SET after = jsonb_set(after::jsonb, '{name}', '\"伪造\"')::text WHERE seq = ?", seq);
            JsonNode broken = server.data(auditor, VERIFY).get("verifyChangeLog");
            assertFalse(broken.get("valid").asBoolean());
            assertEquals("CONTENT_CHANGED", broken.at("/firstBreak/kind").asText());
            assertEquals(seq, broken.at("/firstBreak/seq").asLong());
            assertEquals(id.toString(), broken.at("/firstBreak/key").asText());

            // Rewriting the entry's hash to match hides it no longer than the next entry's link.
            behindTheRegistersBack(server, "UPDATE change_log SET hash = change_log_hash(prev_hash, change_log_canonical(seq, at, table_name, row_key,"
                    + " record_table, record_key, operation, version_before, version_after, key_id, caller_name, action, request_id, before, after))"
                    + " WHERE seq = ?", seq);
            JsonNode relinked = server.data(auditor, VERIFY).get("verifyChangeLog");
            assertEquals("CHAIN_BROKEN", relinked.at("/firstBreak/kind").asText());
            assertEquals(seq + 1, relinked.at("/firstBreak/seq").asLong());

            behindTheRegistersBack(server, "DELETE FROM change_log WHERE seq = ?", seq + 1);
            JsonNode gap = server.data(auditor, VERIFY).get("verifyChangeLog");
            assertEquals("ENTRY_MISSING", gap.at("/firstBreak/kind").asText());
            assertEquals(seq + 2, gap.at("/firstBreak/seq").asLong());
        }
    }
}
