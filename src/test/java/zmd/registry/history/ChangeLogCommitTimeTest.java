package zmd.registry.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.CHANGE_LOG;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import zmd.registry.LocalGrid;
import zmd.registry.TestServer;
import zmd.registry.core.Author;
import zmd.registry.db.Changes;

/**
 * An entry's time is its transaction's commit (V41), not its start: a write held open across an instant is not part of
 * the register as of that instant, and the entries of one transaction share one time.
 */
class ChangeLogCommitTimeTest {
    private static final Author PROBE = new Author() {
        @Override
        public UUID keyId() {
            return null;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String requestId() {
            return null;
        }
    };

    @Test
    void aWriteOpenAcrossAnInstantIsNotInTheRegisterAsOfIt() throws Exception {
        try (TestServer server = TestServer.empty()) {
            String id = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                    Map.of("in", Map.of("code", "T-COMMIT-1", "name", "原名", "county", "确山县",
                            "geometry", Map.of("wkt", LocalGrid.wkt(0, 0, 1000, 500))))).at("/createMineParcel/id").asText();
            OffsetDateTime[] during = new OffsetDateTime[1];
            OffsetDateTime began = OffsetDateTime.now();
            Changes.transaction(server.db.database().dsl(), PROBE, "probe", tx -> {
                tx.update(MINE_PARCEL).set(MINE_PARCEL.NAME, "改名").where(MINE_PARCEL.ID.eq(UUID.fromString(id))).execute();
                tx.update(MINE_PARCEL).set(MINE_PARCEL.GEOLOGY, "砂岩").where(MINE_PARCEL.ID.eq(UUID.fromString(id))).execute();
                sleep(150);
                during[0] = OffsetDateTime.now();
                sleep(150);
                return null;
            });
            List<OffsetDateTime> times = server.db.database().dsl().select(CHANGE_LOG.AT).from(CHANGE_LOG)
                    .where(CHANGE_LOG.ACTION.eq("probe")).fetch(CHANGE_LOG.AT);
            assertEquals(1, times.stream().distinct().count(), "one time for the transaction's entries: " + times);
            assertTrue(Duration.between(began, times.getFirst()).toMillis() >= 300, "the commit's time, not the start's: " + began + " → " + times);
            String then = server.data(server.editorKey, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { name } }",
                    Map.of("id", id, "t", during[0].toString())).at("/mineParcel/name").asText();
            assertEquals("原名", then, "the write was not committed at that instant");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
