package zmd.registry.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings the database on a connection of its own, a few times a second. A ping unanswered within a second means a
 * stalled or lost database: from then on statements are refused at once (no request waits for a database that does
 * not answer), the pool's connections are dropped, and the statements still waiting are cut off by closing their
 * connections (a frozen server answers neither a result nor a cancel). The next answered ping lifts it all: recovery
 * needs no restart.
 */
final class DatabaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    private static final long UP_INTERVAL_MS = 500;
    private static final long DOWN_INTERVAL_MS = 200;
    /** Closing a socket is quick: done on the watch's own thread. */
    private static final Executor ABORTS = Runnable::run;

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final Thread thread;
    private volatile boolean up = true;
    private volatile boolean closed;
    private Connection connection;

    DatabaseWatch(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        this.thread = Thread.ofPlatform().daemon().name("db-watch-" + pool.getPoolName()).unstarted(this::loop);
        thread.start();
    }

    boolean up() {
        return up;
    }

    private void loop() {
        while (!closed) {
            boolean answered = ping();
            if (answered != up && !closed) {
                up = answered;
                if (answered) {
                    log.info("database answers again");
                } else {
                    log.warn("database does not answer within {} ms: refusing statements until it does", PING_TIMEOUT.toMillis());
                    cutOff();
                }
            }
            try {
                Thread.sleep(answered ? UP_INTERVAL_MS : DOWN_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean ping() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url.jdbcUrl(), properties());
            }
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT 1");
            }
            return true;
        } catch (SQLException e) {
            drop();
            return false;
        }
    }

    private Properties properties() {
        // Bounds the connect, the login and every ping: a frozen server accepts the TCP connection but never answers.
        int seconds = (int) PING_TIMEOUT.toSeconds();
        return url.connectionProperties("registry-watch", seconds, seconds);
    }

    /** Drops the pool's idle connections and closes those that statements still wait on. */
    private void cutOff() {
        pool.getHikariPoolMXBean().softEvictConnections();
        for (Statement s : RequestBudget.running()) {
            try {
                s.getConnection().unwrap(Connection.class).abort(ABORTS);
            } catch (SQLException | RuntimeException e) {
                // Finished meanwhile: nothing to cut off.
            }
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.abort(ABORTS);
            } catch (SQLException e) {
                // Its socket is closed either way.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop();
    }
}
