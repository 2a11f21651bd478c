package zmd.registry.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL streaming replicas (hot standbys) that serve read-only requests. A monitor asks every replica, four
 * times a second, how far it has replayed the primary's WAL; a replica that does not answer, is no longer in
 * recovery, or is more than {@code maxLag} behind leaves the rotation, and comes back once it answers within it.
 * Lag is time, not bytes: how long ago the primary had written WAL the replica has not replayed yet.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    static final long TICK_MS = 250;
    /** How long a caller's read waits for a replica to replay the caller's own last write before going to the primary. */
    static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(1);
    private static final int SAMPLES = 1_000;

    /** One replica: its pool, and what the monitor last saw of it. */
    static final class Replica {
        final String name;
        final DatabaseUrl url;
        final HikariDataSource pool;
        final LongAdder served = new LongAdder();
        volatile boolean inRotation;
        volatile long replayedLsn = -1;
        volatile long lagMs = -1;
        volatile String problem = "not checked yet";
        Connection monitor;

        Replica(String name, DatabaseUrl url, HikariDataSource pool) {
            this.name = name;
            this.url = url;
            this.pool = pool;
        }

        DataSource pool() {
            return pool;
        }
    }

    /** A replica as /health shows it. */
    public record State(String name, boolean inRotation, long lagMs, long requests, String problem) {
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final DataSource primary;
    private final Duration maxLag;
    private final AtomicInteger next = new AtomicInteger();
    /** (nanoTime, primary LSN) samples, oldest first: the time at which the primary had written a position. */
    private final ArrayDeque<long[]> primarySamples = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean closed;

    Replicas(List<DatabaseUrl> urls, Function<DatabaseUrl, HikariDataSource> pools, DataSource primary, Duration maxLag) {
        this.primary = primary;
        this.maxLag = maxLag;
        for (int i = 0; i < urls.size(); i++) {
            replicas.add(new Replica("replica-" + (i + 1), urls.get(i), pools.apply(urls.get(i))));
        }
        check();
        thread = Thread.ofPlatform().daemon().name("replica-monitor").unstarted(this::loop);
        thread.start();
    }

    /**
     * A replica for a read that must see the write at {@code minLsn} (0: any), or null for the primary: none is in
     * rotation, or none replays that far within {@link #READ_YOUR_WRITES_WAIT}.
     */
    Replica pick(long minLsn) {
        List<Replica> up = replicas.stream().filter(r -> r.inRotation).toList();
        if (up.isEmpty() || minLsn == Long.MAX_VALUE) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), up.size());
        for (int i = 0; i < up.size(); i++) {
            Replica r = up.get((start + i) % up.size());
            if (r.replayedLsn >= minLsn) {
                return r;
            }
        }
        long deadline = System.nanoTime() + READ_YOUR_WRITES_WAIT.toNanos();
        Replica r = up.get(start);
        while (System.nanoTime() < deadline && r.inRotation) {
            try (Connection c = r.pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() - '0/0'")) {
                if (rs.next() && rs.getLong(1) >= minLsn) {
                    return r;
                }
                Thread.sleep(10);
            } catch (SQLException e) {
                failed(r, e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** A request could not use the replica: out of rotation until the monitor sees it healthy again. */
    void failed(Replica r, Exception e) {
        if (r.inRotation) {
            log.warn("{} taken out of rotation: {}", r.name, e.toString());
        }
        r.inRotation = false;
        r.problem = e.getMessage();
    }

    /** The primary's flushed WAL position (bytes): what a replica can have replayed by now. */
    long primaryLsn() throws SQLException {
        try (Connection c = primary.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_wal_flush_lsn() - '0/0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lowest position every replica has replayed, -1 when one is unknown. */
    long replayedEverywhere() {
        long min = Long.MAX_VALUE;
        for (Replica r : replicas) {
            min = Math.min(min, r.replayedLsn);
        }
        return replicas.isEmpty() ? -1 : min;
    }

    List<State> states() {
        return replicas.stream().map(r -> new State(r.name, r.inRotation, r.lagMs, r.served.sum(), r.inRotation ? null : r.problem)).toList();
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            check();
        }
    }

    private void check() {
        long now = System.nanoTime();
        try {
            long lsn = primaryLsn();
            primarySamples.addLast(new long[] {now, lsn});
            while (primarySamples.size() > SAMPLES) {
                primarySamples.removeFirst();
            }
        } catch (SQLException e) {
            // The primary's own watch deals with a primary that does not answer; the lag is then unknown.
        }
        for (Replica r : replicas) {
            checkOne(r, now);
        }
    }

    private void checkOne(Replica r, long now) {
        try {
            if (r.monitor == null) {
                r.monitor = DriverManager.getConnection(r.url.jdbcUrl(), r.url.connectionProperties("registry-replica-monitor", 1, 1));
            }
            long replayed;
            boolean recovering;
            try (Statement st = r.monitor.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() - '0/0', pg_is_in_recovery()")) {
                rs.next();
                replayed = rs.getLong(1);
                recovering = rs.getBoolean(2);
            }
            r.replayedLsn = replayed;
            r.lagMs = lagMs(replayed, now);
            String problem = !recovering ? "not a standby (promoted?)" : r.lagMs > maxLag.toMillis() ? "lags " + r.lagMs + " ms" : null;
            boolean healthy = problem == null;
            if (healthy != r.inRotation) {
                log.info("{} {}", r.name, healthy ? "in rotation" : "out of rotation: " + problem);
            }
            if (healthy && !r.inRotation && r.pool.getHikariPoolMXBean() != null) {
                // Back from a restart, the pool may still hold connections the replica's shutdown ended: the first
                // requests would fail over to the primary and take the replica out again.
                r.pool.getHikariPoolMXBean().softEvictConnections();
            }
            r.problem = problem;
            r.inRotation = healthy;
        } catch (SQLException e) {
            closeMonitor(r);
            failed(r, e);
        }
    }

    /** How long ago the primary had written the first byte this replica has not replayed. */
    private long lagMs(long replayed, long now) {
        for (long[] s : primarySamples) {
            if (s[1] > replayed) {
                return Duration.ofNanos(now - s[0]).toMillis();
            }
        }
        return 0;
    }

    private static void closeMonitor(Replica r) {
        if (r.monitor != null) {
            try {
                r.monitor.abort(Runnable::run);
            } catch (SQLException e) {
                // Closed either way.
            }
            r.monitor = null;
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
        for (Replica r : replicas) {
            closeMonitor(r);
            r.pool.close();
        }
    }
}
