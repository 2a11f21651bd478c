package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.Registry;
import zmd.registry.TestServer;
import zmd.registry.db.Database;
import zmd.registry.db.DatabaseUrl;
import zmd.registry.db.LocalCluster;
import zmd.registry.db.TestDatabase;
import zmd.registry.pricing.Blocks;

/**
 * An API node over the primary and a real streaming hot standby (pg_basebackup -R of the test cluster): queries are
 * served by the replica, mutations by the primary; a caller reads its own write at once even while the replica is
 * held back (recovery_min_apply_delay); a stopped replica moves reads to the primary with no failed request.
 */
class ReadReplicaTest {
    static TestServer primary;
    static LocalCluster standby;
    static DatabaseUrl replicaUrl;
    static TestServer node;

    @BeforeAll
    static void start() throws Exception {
        primary = TestServer.empty();
        standby = TestDatabase.standby();
        replicaUrl = primary.db.on(standby);
        await("the database reached the standby", () -> answers(replicaUrl));
        node = primary.anotherNode(Database.connect(primary.db.url(), List.of(replicaUrl), 8, "registry-test-replicas",
                Database.DEFAULT_BUDGET, Duration.ofSeconds(30)), Registry::new);
        await("the replica is in rotation", () -> "IN_ROTATION".equals(replica().path("status").asText()));
    }

    @AfterAll
    static void stop() {
        node.close();
        standby.close();
        primary.close();
    }

    @Test
    void queriesAreServedByTheReplicaAndMutationsByThePrimary() {
        long before = replica().path("requests").asLong();
        node.data(node.viewerKey, "{ mineParcels { totalCount } }");
        assertTrue(replica().path("requests").asLong() > before, "the query went to the replica");
        UUID block = Blocks.create(primary.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
        JsonNode renamed = node.data(node.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {name: \"改名\"}) { name version } }",
                Map.of("id", block.toString()));
        assertEquals("改名", renamed.at("/updateMineParcel/name").asText(), "a standby refuses writes: this one went to the primary");
    }

    @Test
    void aCallerReadsItsOwnWriteWhileTheReplicaIsHeldBack() throws Exception {
        UUID block = Blocks.create(primary.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
        String read = "query($id: ID!) { mineParcel(id: $id) { name version } }";
        await("the block reached the replica", () -> node.graphql(node.viewerKey, read, Map.of("id", block.toString())).at("/data/mineParcel/version").asInt() == 1);
        onStandby("ALTER SYSTEM SET recovery_min_apply_delay = '5s'");
        try {
            awaitDelayInForce();
            node.data(node.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {name: \"新名称\"}) { id } }",
                    Map.of("id", block.toString()));
            JsonNode other = node.data(node.viewerKey, read, Map.of("id", block.toString()));
            assertEquals(1, other.at("/mineParcel/version").asInt(), "another caller reads the held-back replica: the delay is real");
            JsonNode own = node.data(node.editorKey, read, Map.of("id", block.toString()));
            assertEquals(2, own.at("/mineParcel/version").asInt(), "the writer sees its write at once");
            assertEquals("新名称", own.at("/mineParcel/name").asText());
        } finally {
            onStandby("ALTER SYSTEM RESET recovery_min_apply_delay");
        }
    }

    @Test
    void aStoppedReplicaMovesReadsToThePrimaryWithNoFailedRequest() throws Exception {
        standby.close();
        try {
            for (int i = 0; i < 20; i++) {
                JsonNode r = node.graphql(node.viewerKey, "{ mineParcels { totalCount } }", null);
                assertEquals(null, TestServer.errorCode(r), () -> "request failed: " + r);
            }
            assertEquals("OUT_OF_ROTATION", replica().path("status").asText());
            assertEquals(200, node.get("/health", null).statusCode(), "the server is up: the primary serves");
        } finally {
            standby.restart();
        }
        await("the replica is back in rotation", () -> "IN_ROTATION".equals(replica().path("status").asText()));
        long before = replica().path("requests").asLong();
        node.data(node.viewerKey, "{ mineParcels { totalCount } }");
        assertTrue(replica().path("requests").asLong() > before, "reads go to the replica again");
    }

    /**
     * The standby's startup process takes the reloaded delay at its own pace: a write (a probe block, left in the
     * database) must be seen held back by it — not yet visible while the startup process waits in RecoveryApplyDelay,
     * which ordinary replay lag does not show — before the test relies on the delay.
     */
    private static void awaitDelayInForce() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            UUID probe = Blocks.create(primary.registry, "411726", "OPEN_PIT", List.of());
            long probeDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < probeDeadline) {
                try (Connection c = DriverManager.getConnection(replicaUrl.jdbcUrl(), replicaUrl.user(), replicaUrl.password());
                        java.sql.PreparedStatement st = c.prepareStatement("SELECT (SELECT count(*) FROM mine_parcel WHERE id = ?),"
                                + " (SELECT wait_event FROM pg_stat_activity WHERE backend_type = 'startup')")) {
                    st.setObject(1, probe);
                    try (java.sql.ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) == 0 && "RecoveryApplyDelay".equals(rs.getString(2))) {
                            return;
                        }
                        if (rs.getInt(1) == 1) {
                            break;
                        }
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(System.nanoTime() < deadline, "waited 30 s for the standby to hold a write back");
        }
    }

    private static JsonNode replica() {
        try {
            return TestServer.JSON.readTree(node.get("/health", null).body()).at("/replicas/0");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean answers(DatabaseUrl url) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void onStandby(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(replicaUrl.jdbcUrl(), replicaUrl.user(), replicaUrl.password());
                Statement st = c.createStatement()) {
            st.execute(sql);
            st.execute("SELECT pg_reload_conf()");
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 30 s for: " + what);
            Thread.sleep(50);
        }
    }
}
