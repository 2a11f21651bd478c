package zmd.registry.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/** The connection pool, the migrations and the jOOQ context every repository uses. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        var configuration = new DefaultConfiguration()
                .set(dataSource)
                .set(SQLDialect.POSTGRES)
                .set(new Settings()
                        .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                        .withExecuteLogging(false)
                        .withRenderSchema(false)
                        // Read timestamps as the driver decodes them, not formatted to text and parsed back (measured
                        // at a fifth of the server's time on the platform's listing pages).
                        .withBindOffsetDateTimeType(true))
                .set(StatementCounter.LISTENER);
        this.dsl = DSL.using(configuration);
    }

    public static Database connect(DatabaseUrl url, int poolSize, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("registry");
        config.setConnectionTimeout(10_000);
        // A frozen or restarted database must not hang requests: keepalive, socket timeout, statement timeout.
        config.setKeepaliveTime(60_000);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("socketTimeout", "90");
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setConnectionInitSql("SET statement_timeout = '30s'");
        return new Database(new HikariDataSource(config));
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

    @Override
    public void close() {
        dataSource.close();
    }
}
