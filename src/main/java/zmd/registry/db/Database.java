package zmd.registry.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;

/** The connection pool, the migrations and the jOOQ context every repository uses. */
public final class Database implements AutoCloseable {
    /** The time a request may take, statements included, unless REQUEST_TIMEOUT_MS says otherwise. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    /** The longest a request waits for a connection: a pool that cannot give one by then will not soon. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(1_500);

    private final HikariDataSource dataSource;
    private final DatabaseWatch watch;
    private final DSLContext dsl;
    private final DatabaseUrl url;
    private final java.util.List<Notifications> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Database(HikariDataSource dataSource, DatabaseWatch watch, DatabaseUrl url) {
        this.dataSource = dataSource;
        this.watch = watch;
        this.url = url;
        var configuration = new DefaultConfiguration()
                .set(new DataSourceConnectionProvider(dataSource) {
                    @Override
                    public Connection acquire() {
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
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("registry");
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
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, new DatabaseWatch(url, pool), url);
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
     * Runs {@code onNotify} whenever a transaction that sent {@code NOTIFY channel} commits, through this server
     * or any other, and after every reconnect of the listening connection (to catch up on what it missed).
     */
    public void listen(String channel, Runnable onNotify) {
        listeners.add(new Notifications(url, channel, onNotify));
    }

    /** Whether every {@link #listen} connection is up. */
    public boolean listening() {
        return listeners.stream().allMatch(Notifications::listening);
    }

    @Override
    public void close() {
        listeners.forEach(Notifications::close);
        watch.close();
        dataSource.close();
    }
}
