package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** A restart of PostgreSQL under traffic: requests fail as DATABASE_UNAVAILABLE (never INTERNAL), then work again. */
class RestartTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** pg_ctl of the newest PostgreSQL installed (as LocalCluster picks it), or of PG_BINDIR. */
    private static String pgCtl() throws java.io.IOException {
        String bin = System.getenv("PG_BINDIR");
        if (bin != null && !bin.isBlank()) {
            return Path.of(bin, "pg_ctl").toString();
        }
        try (var versions = java.nio.file.Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pg_ctl")).filter(java.nio.file.Files::isExecutable)
                    .max(java.util.Comparator.comparing(Path::toString)).orElseThrow().toString();
        }
    }

    @Test
    void aRestartMidTrafficGivesNoInternalError() throws Exception {
        String body = TestServer.JSON.writeValueAsString(Map.of("query", "{ mineParcels(first: 1) { totalCount } }"));
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = java.util.stream.IntStream.range(0, 4).mapToObj(i -> Thread.ofVirtual().start(() -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running.get() && System.nanoTime() < until) {
                HttpResponse<String> r = server.post("/graphql", body, server.viewerKey, "application/json");
                String code;
                try {
                    JsonNode json = TestServer.JSON.readTree(r.body());
                    code = r.statusCode() + " " + TestServer.errorCode(json);
                } catch (java.io.IOException e) {
                    code = r.statusCode() + " unreadable";
                }
                outcomes.merge(code, 1, Integer::sum);
            }
        })).toList();
        try {
            TimeUnit.MILLISECONDS.sleep(500);
            Path data = Path.of("target", "test-pg-" + ProcessHandle.current().pid()).toAbsolutePath();
            List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.addAll(List.of(pgCtl(), "-D", data.resolve("pg").toString(), "-l", data.resolve("postgres.log").toString(),
                    "-m", "fast", "-w", "-t", "60", "restart"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(90, TimeUnit.SECONDS) && p.exitValue() == 0, "pg_ctl restart: " + out);
            TimeUnit.SECONDS.sleep(3);
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(15_000);
            }
        }
        assertTrue(outcomes.keySet().stream().allMatch(k -> k.equals("200 null") || k.equals("503 DATABASE_UNAVAILABLE")), outcomes.toString());
        assertTrue(outcomes.getOrDefault("200 null", 0) > 0, outcomes.toString());
        JsonNode after = server.graphql(server.viewerKey, "{ mineParcels(first: 1) { totalCount } }");
        assertEquals(null, TestServer.errorCode(after), after.toString());
    }
}
