package zmd.registry.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one channel on a connection of its own (a pooled connection would be handed to a request) and runs
 * {@code onNotify} for each batch of notifications, and once after every (re)connect: a notification sent while the
 * connection was down is lost, so the listener catches up from the data itself, never from the payloads.
 */
final class Notifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_]{1,63}");
    private static final int WAIT_MS = 500;
    private static final long PING_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final long RETRY_MS = 500;

    private final DatabaseUrl url;
    private final String channel;
    private final java.util.function.Consumer<java.util.List<String>> onNotify;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection connection;

    Notifications(DatabaseUrl url, String channel, java.util.function.Consumer<java.util.List<String>> onNotify) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel " + channel);
        }
        this.url = url;
        this.channel = channel;
        this.onNotify = onNotify;
        this.thread = Thread.ofPlatform().daemon().name("listen-" + channel).unstarted(this::loop);
        thread.start();
    }

    /** Whether the connection is up and listening (else notifications are missed until it is back). */
    boolean listening() {
        return listening;
    }

    private void loop() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), properties())) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                listening = true;
                onNotify.accept(java.util.List.of());
                PGConnection pg = c.unwrap(PGConnection.class);
                long pinged = System.nanoTime();
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    if (received != null && received.length > 0) {
                        onNotify.accept(java.util.Arrays.stream(received).map(PGNotification::getParameter).toList());
                    }
                    if (System.nanoTime() - pinged > PING_EVERY_NANOS) {
                        // Waiting sends nothing: a connection dropped half-open would look alive for hours.
                        try (Statement ping = c.createStatement()) {
                            ping.execute("SELECT 1");
                        }
                        pinged = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("listening on {} interrupted ({}); reconnecting", channel, e.toString());
                }
            } finally {
                listening = false;
                connection = null;
            }
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties properties() {
        Properties p = url.connectionProperties("registry-listen", 2, 10);
        // A silent server is noticed: the listener pings every few seconds, and keepalive finds a dead peer.
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                // Closed either way.
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
