package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * A frozen PostgreSQL (SIGSTOP to the test cluster's postmaster and every backend): requests fail fast with 503
 * DATABASE_UNAVAILABLE, /health says DOWN within a second, and after SIGCONT all works again without a restart.
 */
class StalledDatabaseTest {
    // Counties are cached in memory: this query reads the database every time.
    private static final String QUERY = "{ mineParcels(first: 1) { totalCount } }";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFrozenDatabaseFailsFastAndRecovers() throws Exception {
        assertEquals(200, server.post("/graphql", body(), server.viewerKey, "application/json").statusCode());
        List<Long> pids = clusterPids();
        // Whatever happens below, the cluster is thawed within 20 s, even if this thread is stuck.
        Thread thaw = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(20_000);
                signal("CONT", pids);
            } catch (InterruptedException | IOException e) {
                // Interrupted: the finally below thaws it.
            }
        });
        try {
            signal("STOP", pids);
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = server.post("/graphql", body(), server.viewerKey, "application/json");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("DATABASE_UNAVAILABLE", TestServer.errorCode(TestServer.JSON.readTree(r.body())), r.body());
                assertTrue(ms <= 2_000, "request " + i + " failed after " + ms + " ms");
            }
            long t0 = System.nanoTime();
            HttpResponse<String> health = server.get("/health", null);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("DOWN"), health.body());
            assertTrue(ms <= 1_000, "/health answered after " + ms + " ms");
        } finally {
            signal("CONT", pids);
            thaw.interrupt();
        }
        JsonNode after = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            after = server.graphql(server.viewerKey, QUERY);
            if (!after.has("errors")) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(after != null && !after.has("errors"), "not recovered: " + after);
        assertEquals(200, server.get("/health", null).statusCode());
    }

    private static String body() throws IOException {
        return TestServer.JSON.writeValueAsString(java.util.Map.of("query", QUERY));
    }

    /** The postmaster of the test cluster (first line of postmaster.pid) and all its children. */
    static List<Long> clusterPids() throws IOException {
        Path pidFile = Path.of("target", "test-pg-" + ProcessHandle.current().pid(), "pg", "postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    static void signal(String signal, List<Long> pids) throws IOException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending SIG" + signal, e);
        }
    }
}
