package zmd.registry.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;

/** The connection pools (the primary, and replicas for read-only requests), the migrations and the jOOQ context every repository uses. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The time a request may take, statements included, unless REQUEST_TIMEOUT_MS says otherwise. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    /** The longest a request waits for a connection: a pool that cannot give one by then will not soon. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(1_500);

    private final HikariDataSource dataSource;
    private final DatabaseWatch watch;
    private final DSLContext dsl;
    private final DatabaseUrl url;
    private final List<Notifications> listeners = new CopyOnWriteArrayList<>();
    /** Null without DATABASE_REPLICA_URLS: everything goes to the primary. */
    private Replicas replicas;
    /** Each caller's last write (a key id's WAL position after its mutation), learnt here or from other servers. */
    private final ConcurrentHashMap<UUID, Long> lastWrites = new ConcurrentHashMap<>();
    /** Callers whose last write's position could not be read: their reads go to the primary until then (nanoTime). */
    private final ConcurrentHashMap<UUID, Long> primaryUntil = new ConcurrentHashMap<>();
    private static final Duration PRIMARY_AFTER_UNKNOWN_WRITE = Duration.ofSeconds(10);

    private Database(HikariDataSource dataSource, DatabaseWatch watch, DatabaseUrl url) {
        this.dataSource = dataSource;
        this.watch = watch;
        this.url = url;
        var configuration = new DefaultConfiguration()
                .set(new DataSourceConnectionProvider(dataSource) {
                    @Override
                    public Connection acquire() {
                        Connection replica = replicaConnection();
                        if (replica != null) {
                            return replica;
                        }
                        if (!watch.up()) {
                            // Fail at once rather than wait for a connection from a database that does not answer.
                            throw new DataAccessException("database not answering", new SQLTransientConnectionException(
                                    "database not answering", "08006"));
                        }
                        return super.acquire();
                    }
                })
                .set(SQLDialect.POSTGRES)
                .set(new Settings()
                        .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                        .withExecuteLogging(false)
                        .withRenderSchema(false)
                        // Read timestamps as the driver decodes them, not formatted to text and parsed back (measured
                        // at a fifth of the server's time on the platform's listing pages).
                        .withBindOffsetDateTimeType(true))
                .set(StatementCounter.LISTENER, RequestBudget.LISTENER);
        this.dsl = DSL.using(configuration);
    }

    public static Database connect(DatabaseUrl url, int poolSize, String applicationName) {
        return connect(url, poolSize, applicationName, DEFAULT_BUDGET);
    }

    /**
     * A pool whose statements end within {@code budget} (PostgreSQL's statement_timeout), whose reads give up a little
     * later (a database that went silent), and which gives up on a connection within {@link #CONNECTION_TIMEOUT}.
     */
    public static Database connect(DatabaseUrl url, int poolSize, String applicationName, Duration budget) {
        HikariDataSource pool = pool(url, poolSize, applicationName, budget, "registry");
        return new Database(pool, new DatabaseWatch(url, pool), url);
    }

    /**
     * The primary, and streaming replicas that serve read-only requests (see {@link #reading}); a replica more than
     * {@code maxLag} behind, or not answering, is left out until it is back within it.
     */
    public static Database connect(DatabaseUrl url, List<DatabaseUrl> replicaUrls, int poolSize, String applicationName,
            Duration budget, Duration maxLag) {
        Database db = connect(url, poolSize, applicationName, budget);
        if (!replicaUrls.isEmpty()) {
            AtomicInteger n = new AtomicInteger();
            db.replicas = new Replicas(replicaUrls, u -> pool(u, poolSize, applicationName, budget, "replica-" + n.incrementAndGet()),
                    db.dataSource, maxLag);
            db.listenForWrites();
        }
        return db;
    }

    private static HikariDataSource pool(DatabaseUrl url, int poolSize, String applicationName, Duration budget, String name) {
        HikariConfig config = new HikariConfig();
        if (name.startsWith("replica")) {
            // A replica that is down when the server starts is out of rotation, not a reason not to start.
            config.setInitializationFailTimeout(-1);
        }
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(DatabaseWatch.PING_TIMEOUT.toMillis());
        // A frozen or restarted database must not hang requests: keepalive, socket timeout, statement timeout.
        config.setKeepaliveTime(60_000);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", Long.toString(budget.toSeconds() + 5));
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setConnectionInitSql("SET statement_timeout = '" + budget.toMillis() + "ms'");
        return new HikariDataSource(config);
    }

    /** Applies the SQL migrations in {@code migrations/} (bundled in the jar). */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:migrations")
                .load()
                .migrate();
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** False while the database does not answer its pings (within about a second and a half of it stalling). */
    public boolean answering() {
        return watch.up();
    }

    /**
     * Runs a read-only request (a GraphQL query, an OGC or tile GET) on a replica when there is one that has the
     * caller's own last write; else on the primary. A replica that fails the request is taken out of rotation and the
     * request is run again on the primary: {@code lost} tells a result that lost its database (errors, not thrown).
     */
    public <T> T reading(UUID caller, Supplier<T> work, Predicate<T> lost) {
        if (replicas == null) {
            return work.get();
        }
        ReadRoute route = ReadRoute.open(minLsnFor(caller));
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            if (route.chosen == null || !ConnectionLoss.is(e)) {
                throw e;
            }
            replicas.failed(route.chosen, e);
            route.close();
            return work.get();
        } finally {
            route.close();
        }
        if (route.chosen != null && lost.test(result)) {
            replicas.failed(route.chosen, new SQLException("a request lost its connection"));
            return work.get();
        }
        return result;
    }

    /**
     * Marks the statements of this thread as a read-only request's until the result is closed (an OGC or tile GET,
     * whose handler streams its answer). Without the fallback of {@link #reading}: a replica lost mid-statement fails
     * that one request; the next goes elsewhere.
     */
    public AutoCloseable readOnlyRequest(UUID caller) {
        return replicas == null ? () -> { } : ReadRoute.open(minLsnFor(caller));
    }

    /**
     * After a caller's mutation committed: its next reads, on any server, need a replica that has replayed this
     * far. The position is sent to the other servers by NOTIFY registry_write.
     */
    public void wrote(UUID caller) {
        // The insert position, not the write or flush one: with asynchronous commit the commit record may still be
        // in the WAL buffers, and a replica has the commit only once it has replayed past it. (The monitor's lag uses
        // the flush position, which an idle replica reaches exactly.)
        if (replicas == null || caller == null) {
            return;
        }
        Long lsn;
        try {
            lsn = dsl.fetchSingle("SELECT pg_current_wal_insert_lsn() - '0/0', pg_notify('registry_write', ? || ' ' || (pg_current_wal_insert_lsn() - '0/0'))",
                caller.toString()).get(0, Long.class);
        } catch (RuntimeException e) {
            // The mutation committed: its answer stands. Without the position, this caller reads the primary for a while.
            log.warn("no WAL position after a write by {}: its reads go to the primary for a while", caller, e);
            primaryUntil.put(caller, System.nanoTime() + PRIMARY_AFTER_UNKNOWN_WRITE.toNanos());
            return;
        }
        lastWrites.merge(caller, lsn, Math::max);
    }

    private void listenForWrites() {
        listen("registry_write", payloads -> {
            for (String p : payloads) {
                String[] parts = p.split(" ");
                if (parts.length == 2) {
                    lastWrites.merge(UUID.fromString(parts[0]), Long.parseLong(parts[1]), Math::max);
                }
            }
        });
    }

    private long minLsnFor(UUID caller) {
        Long until = caller == null ? null : primaryUntil.get(caller);
        if (until != null) {
            if (System.nanoTime() < until) {
                return Long.MAX_VALUE;
            }
            primaryUntil.remove(caller, until);
        }
        Long lsn = caller == null ? null : lastWrites.get(caller);
        if (lsn == null) {
            return 0;
        }
        if (lsn <= replicas.replayedEverywhere()) {
            lastWrites.remove(caller, lsn); // every replica has it: nothing left to wait for
            return 0;
        }
        return lsn;
    }

    /** The connection of a read-only request's replica, chosen at its first statement; null for the primary. */
    private Connection replicaConnection() {
        ReadRoute route = ReadRoute.current();
        if (route == null || replicas == null) {
            return null;
        }
        if (!route.decided) {
            route.decided = true;
            route.chosen = replicas.pick(route.minLsn);
            if (route.chosen != null) {
                route.chosen.served.increment();
            }
        }
        if (route.chosen == null) {
            return null;
        }
        try {
            return route.chosen.pool.getConnection();
        } catch (SQLException e) {
            replicas.failed(route.chosen, e);
            route.chosen = null;
            return null;
        }
    }

    public boolean hasReplicas() {
        return replicas != null;
    }

    /** Each replica's state for /health; empty without replicas. */
    public List<Replicas.State> replicaStates() {
        return replicas == null ? List.of() : replicas.states();
    }

    /**
     * Runs {@code onNotify} whenever a transaction that sent {@code NOTIFY channel} commits, through this server
     * or any other, and after every reconnect of the listening connection (to catch up on what it missed).
     */
    public void listen(String channel, Runnable onNotify) {
        listen(channel, payloads -> onNotify.run());
    }

    /** As {@link #listen(String, Runnable)}, with the notifications' payloads (none after a reconnect). */
    public void listen(String channel, Consumer<List<String>> onNotify) {
        listeners.add(new Notifications(url, channel, onNotify));
    }

    /** Whether every {@link #listen} connection is up. */
    public boolean listening() {
        return listeners.stream().allMatch(Notifications::listening);
    }

    @Override
    public void close() {
        listeners.forEach(Notifications::close);
        if (replicas != null) {
            replicas.close();
        }
        watch.close();
        dataSource.close();
    }
}
