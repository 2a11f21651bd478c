package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.RequestBudget;
import zmd.registry.demo.DemoData;
import zmd.registry.graphql.Errors;
import zmd.registry.http.Limits;

/**
 * A client that closes its connection mid-request takes the request's work with it: its running statement is
 * cancelled in PostgreSQL at once, not when its budget (a minute here) runs out.
 *
 * <p>The slow statement is a read of the blocks while this test holds a lock on their table: it runs as long as the
 * test wants, costs no CPU on a shared machine, and is cancelled exactly like a long PostGIS computation. (The
 * zig-zag overlap check of bench/hostile.sh no longer serves: its cost is in JTS now, its statements take
 * milliseconds.)
 */
class ClientGoneTest {
    private static final String QUERY = "{ mineParcels { nodes { code } } }";
    /** The close comes this long after the request was sent: between two probes, so the figure includes a wait. */
    private static final long CLOSE_AFTER_MS = 620;
    /** Within this long after the close the statement must be gone, and without a close still running. */
    private static final long WITHIN_MS = 1_500;
    private static TestServer server;
    /** Reads pg_stat_activity. */
    private static Connection watcher;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.empty(new Limits(Duration.ofSeconds(60), 0, 0, 0, 0));
        DemoData.load(server.registry);
        // Warm: a cold first request can take longer than the close comes after.
        server.data(server.viewerKey, QUERY);
        server.get("/ogc/collections/mine-parcels/items?f=json", server.viewerKey);
        watcher = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
    }

    @AfterAll
    static void stop() throws Exception {
        watcher.close();
        server.close();
    }

    @Test
    void aGraphQLPostIsAbandonedWhenTheClientCloses() throws Exception {
        String body = "{\"query\": \"" + QUERY + "\"}";
        String request = "POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.viewerKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
        abandonedOnClose("POST /graphql", request, false);
        stillRunningWhileTheClientWaits("POST /graphql", request);
    }

    @Test
    void aGraphQLGetIsAbandonedWhenTheClientResets() throws Exception {
        String request = "GET /graphql?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8).replace("+", "%20")
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.viewerKey + "\r\n\r\n";
        abandonedOnClose("GET /graphql", request, true);
        stillRunningWhileTheClientWaits("GET /graphql", request);
    }

    @Test
    void anOgcItemsRequestIsAbandonedWhenTheClientCloses() throws Exception {
        String request = "GET /ogc/collections/mine-parcels/items?f=json HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + server.viewerKey + "\r\n\r\n";
        abandonedOnClose("GET /ogc/.../items", request, false);
        stillRunningWhileTheClientWaits("GET /ogc/.../items", request);
    }

    /**
     * Why the watch probes the socket: Jetty 12 alone notices nothing while a handler runs. This fails when an
     * upgrade changes that, and the probe could give way to Jetty's own notice.
     */
    @Test
    void jettyAloneDoesNotNoticeTheClientLeaving() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Javalin app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.routes.get("/slow", ctx -> {
                Request core = ServletContextRequest.getServletContextRequest(ctx.req());
                EndPoint endPoint = core.getConnectionMetaData().getConnection().getEndPoint();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                core.addFailureListener(failures::add);
                closed.await();
                Thread.sleep(1_000);
                seen.complete("open=" + endPoint.isOpen() + " inputShutdown=" + endPoint.isInputShutdown()
                        + " fillInterested=" + endPoint.isFillInterested() + " failures=" + failures);
            });
        }).start("127.0.0.1", 0);
        try {
            try (Socket client = new Socket("127.0.0.1", app.port())) {
                client.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(200);
            }
            closed.countDown();
            assertEquals("open=true inputShutdown=false fillInterested=false failures=[]", seen.get(5, TimeUnit.SECONDS));
        } finally {
            app.stop();
        }
    }

    @Test
    void anAbandonedRequestLeavesTheQueueAtOnce() {
        // An overlap check waiting for the heavy lane gives up its place when its client leaves, not at its budget.
        Semaphore lane = new Semaphore(0);
        try (RequestBudget budget = RequestBudget.start(Duration.ofSeconds(60))) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                budget.abandon();
            });
            long t0 = System.nanoTime();
            DataAccessException e = assertThrows(DataAccessException.class, () -> RequestBudget.acquire(lane));
            assertEquals("TIMEOUT", Errors.fromDatabase(e).code().name());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 100 + 2 * RequestBudget.WATCH_INTERVAL.toMillis(), "left the queue after " + ms + " ms");
        }
    }

    @Test
    void theWatchLeavesAConnectionAsItWas() throws Exception {
        // A second request pipelined while the first waits stays in the socket (Jetty reads nothing while it handles
        // the first): the probe must leave it there. And the kept connection serves a third one afterwards.
        String get = "GET /ogc/collections/mine-parcels/items?f=json&limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + server.viewerKey + "\r\n\r\n";
        try (Connection lock = lockBlocks(); Statement activity = watcher.createStatement(); Socket client = send(get)) {
            waitForStatement(activity);
            client.getOutputStream().write(get.getBytes(StandardCharsets.UTF_8));
            Thread.sleep(3 * RequestBudget.WATCH_INTERVAL.toMillis());
            lock.rollback();
            java.io.InputStream in = client.getInputStream();
            assertEquals("HTTP/1.1 200 OK", response(in));
            assertEquals("HTTP/1.1 200 OK", response(in));
            client.getOutputStream().write(get.getBytes(StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", response(in));
        }
    }

    /** The status line of the next response on {@code in}, whose body is read to its end (Content-Length or chunked). */
    private static String response(java.io.InputStream in) throws Exception {
        String status = line(in);
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long n = Long.parseLong(line(in).strip(), 16); n > 0; n = Long.parseLong(line(in).strip(), 16)) {
                in.readNBytes((int) n);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.readNBytes((int) length);
        }
        return status;
    }

    private static String line(java.io.InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new AssertionError("the connection closed after " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** The client closes (FIN, or RST with {@code reset}) after {@link #CLOSE_AFTER_MS}: the statement ends soon after. */
    private static void abandonedOnClose(String what, String request, boolean reset) throws Exception {
        try (Connection lock = lockBlocks(); Statement activity = watcher.createStatement()) {
            long closedAt;
            int pid;
            try (Socket client = send(request)) {
                long sent = System.nanoTime();
                pid = waitForStatement(activity);
                sleepUntil(sent + CLOSE_AFTER_MS * 1_000_000);
                if (reset) {
                    client.setSoLinger(true, 0);
                }
                closedAt = System.nanoTime();
            }
            long deadline = closedAt + WITHIN_MS * 1_000_000;
            boolean running;
            do {
                running = active(activity, pid);
            } while (running && System.nanoTime() < deadline && pause());
            long ms = (System.nanoTime() - closedAt) / 1_000_000;
            System.out.printf("%s: the statement ended %d ms after the client %s%n", what, ms, reset ? "reset" : "closed");
            assertTrue(!running, what + ": the statement still runs " + ms + " ms after the client left");
            lock.rollback();
        }
    }

    /** The same request with its client still waiting runs on past that time, and is answered once the lock goes. */
    private static void stillRunningWhileTheClientWaits(String what, String request) throws Exception {
        try (Connection lock = lockBlocks(); Statement activity = watcher.createStatement(); Socket client = send(request)) {
            long sent = System.nanoTime();
            int pid = waitForStatement(activity);
            sleepUntil(sent + (CLOSE_AFTER_MS + WITHIN_MS) * 1_000_000);
            assertTrue(active(activity, pid), what + ": without a close the statement should still run");
            lock.rollback();
            String status = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", status, what);
        }
    }

    /** Holds a lock that every read of the blocks waits for, until rolled back. */
    private static Connection lockBlocks() throws Exception {
        Connection c = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE mine_parcel IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    private static Socket send(String request) throws Exception {
        Socket s = new Socket("127.0.0.1", server.app.port());
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    /** The backend of the server's pool whose statement waits for the lock. */
    private static int waitForStatement(Statement activity) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            ResultSet rs = activity.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'registry-test'"
                    + " AND state = 'active' AND wait_event_type = 'Lock'");
            if (rs.next()) {
                return rs.getInt(1);
            }
        } while (System.nanoTime() < deadline && pause());
        throw new AssertionError("the request's statement never started");
    }

    private static boolean active(Statement activity, int pid) throws Exception {
        ResultSet rs = activity.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active'");
        rs.next();
        return rs.getInt(1) > 0;
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(10);
        return true;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long ms = (nanos - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
