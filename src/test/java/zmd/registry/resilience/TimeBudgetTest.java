package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jooq.exception.DataAccessException;
import zmd.registry.TestServer;
import zmd.registry.db.RequestBudget;
import zmd.registry.graphql.Errors;
import zmd.registry.http.Limits;

/** Every request has a time budget: past it the caller gets TIMEOUT and the database stops working on it. */
class TimeBudgetTest {
    /** Far below what a check of a 20 000-vertex comb takes (about a second on a warm server here). */
    private static final Duration BUDGET = Duration.ofMillis(300);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty(new Limits(BUDGET, 0, 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A comb of {@code teeth} teeth above a base in EPSG:4547: valid, simple, and 2·teeth+2 vertices. */
    static String comb(int teeth) {
        StringBuilder wkt = new StringBuilder("SRID=4547;POLYGON((495000 3612000");
        double width = 2_000;
        for (int i = 0; i <= 2 * teeth; i++) {
            double x = 495_000 + width * i / (2.0 * teeth);
            wkt.append(String.format(Locale.ROOT, ", %.4f %.1f", x, i % 2 == 0 ? 3_612_600.0 : 3_612_100.0));
        }
        return wkt.append(", 497000 3612000, 495000 3612000))").toString();
    }

    @Test
    void anExpensiveOverlapCheckIsAbandonedAtTheBudget() throws Exception {
        String body = TestServer.JSON.writeValueAsString(Map.of(
                "query", "query($g: GeometryInput) { overlapCheck(geometry: $g) { verdict } }",
                "variables", Map.of("g", Map.of("wkt", comb(10_000)))));
        long t0 = System.nanoTime();
        HttpResponse<String> r = server.post("/graphql", body, server.viewerKey, "application/json");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        JsonNode json = TestServer.JSON.readTree(r.body());
        assertEquals("TIMEOUT", TestServer.errorCode(json), r.body());
        assertEquals(503, r.statusCode());
        // The margin covers parsing the 20 002 vertices and triangulating the block in JTS, which cannot be interrupted.
        assertTrue(ms < BUDGET.toMillis() + 3_000, "answered after " + ms + " ms");
        assertNoActiveQuery();
    }

    @Test
    void aSlowStatementIsCancelledAtTheBudget() throws Exception {
        // pg_sleep stands for any statement that runs long: the budget cancels it in PostgreSQL, not just in Java.
        long t0 = System.nanoTime();
        try (RequestBudget budget = RequestBudget.start(BUDGET)) {
            server.registry.database().dsl().execute("SELECT pg_sleep(5)");
            throw new AssertionError("not cancelled");
        } catch (DataAccessException e) {
            assertEquals("TIMEOUT", Errors.fromDatabase(e).code().name());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < BUDGET.toMillis() + 1_000, "cancelled after " + ms + " ms");
        assertNoActiveQuery();
    }

    /** No backend of the server's pool is still running a statement (it was cancelled, not left to finish). */
    private static void assertNoActiveQuery() throws Exception {
        try (Connection c = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
             Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + 500_000_000L;
            int active;
            do {
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'registry-test'"
                        + " AND state = 'active' AND pid <> pg_backend_pid()");
                rs.next();
                active = rs.getInt(1);
            } while (active > 0 && System.nanoTime() < deadline);
            assertEquals(0, active, "a statement of the pool is still running");
        }
    }
}
