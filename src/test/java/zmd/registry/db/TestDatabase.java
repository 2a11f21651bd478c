package zmd.registry.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostGIS for tests: one throwaway cluster per test JVM under target/, a template database
 * migrated once, and a fresh copy of it per caller. The cluster is stopped and deleted when the JVM exits.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String TEMPLATE = "registry_template";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static LocalCluster cluster;

    private final String name;
    private final Database database;

    private TestDatabase(String name, Database database) {
        this.name = name;
        this.database = database;
    }

    /** A new, migrated, empty database (counties and units only). */
    public static TestDatabase create() {
        LocalCluster c = cluster();
        String name = "test_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        admin(c, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        // Replicated, the servers have pools of their own; this one serves only a test's direct reads and writes.
        Database db = Database.connect(new DatabaseUrl(c.jdbcUrl(name), c.user(), c.password()), replicated() ? 2 : 8, "registry-test");
        return new TestDatabase(name, db);
    }

    /**
     * A streaming hot standby of the test cluster, for tests of read replicas: its databases are the primary's
     * (a database of {@link #create} appears on it moments later). The caller stops it; it is deleted with target/.
     */
    public static LocalCluster standby() {
        LocalCluster c = cluster();
        Path home = Path.of("target", "test-standby-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet()).toAbsolutePath();
        return c.standby(home);
    }

    /**
     * Whether this test JVM runs every server as two API nodes over the primary and a streaming replica
     * ({@code -Dregistry.test.topology=replicated}: the pom's second test run).
     */
    public static boolean replicated() {
        return "replicated".equals(System.getProperty("registry.test.topology"));
    }

    private static LocalCluster shared;

    /**
     * The standby every server reads from in the replicated topology, made once per JVM. Replication is synchronous
     * up to replay (synchronous_commit = remote_apply): a commit returns once the replica shows it, so any caller's
     * read after another's write sees it, as the behaviour the tests check requires of every topology (one caller's
     * own reads after its writes are covered with an asynchronous, delayed replica by ReadReplicaTest).
     */
    public static synchronized LocalCluster sharedStandby() {
        if (shared == null) {
            LocalCluster c = cluster();
            admin(c, "ALTER SYSTEM SET hot_standby_feedback = on");
            LocalCluster standby = standby();
            admin(c, "ALTER SYSTEM SET synchronous_standby_names = '*'");
            admin(c, "ALTER SYSTEM SET synchronous_commit = 'remote_apply'");
            admin(c, "SELECT pg_reload_conf()");
            Runtime.getRuntime().addShutdownHook(new Thread(standby::close, "test-standby-stop"));
            shared = standby;
        }
        return shared;
    }

    /** This database on a standby of the test cluster. */
    public DatabaseUrl on(LocalCluster standby) {
        return new DatabaseUrl(standby.jdbcUrl(name), cluster.user(), cluster.password());
    }

    /** A new database with nothing in it, not even PostGIS: for testing what migrating an external database does. */
    public static TestDatabase createEmpty() {
        LocalCluster c = cluster();
        String name = "empty_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        admin(c, "CREATE DATABASE " + name + " TEMPLATE template0");
        Database db = Database.connect(new DatabaseUrl(c.jdbcUrl(name), c.user(), c.password()), 2, "registry-test");
        return new TestDatabase(name, db);
    }

    public Database database() {
        return database;
    }

    public String jdbcUrl() {
        return cluster.jdbcUrl(name);
    }

    public String user() {
        return cluster.user();
    }

    public String password() {
        return cluster.password();
    }

    public DatabaseUrl url() {
        return new DatabaseUrl(jdbcUrl(), user(), password());
    }

    @Override
    public void close() {
        database.close();
        admin(cluster, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized LocalCluster cluster() {
        if (cluster != null) {
            return cluster;
        }
        try {
            Path home = Path.of("target", "test-pg-" + ProcessHandle.current().pid()).toAbsolutePath();
            LocalCluster c = LocalCluster.start(home, 0);
            // A throwaway cluster: commits need not wait for the disk (the replicated topology sets remote_apply later).
            admin(c, "ALTER SYSTEM SET synchronous_commit = off");
            admin(c, "SELECT pg_reload_conf()");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                c.close();
                deleteTree(home);
            }, "test-cluster-stop"));
            admin(c, "CREATE DATABASE " + TEMPLATE);
            try (Database template = Database.connect(new DatabaseUrl(c.jdbcUrl(TEMPLATE), c.user(), c.password()), 2, "registry-test")) {
                template.migrate();
            }
            cluster = c;
            return c;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the test PostGIS cluster: " + e.getMessage(), e);
        }
    }

    private static void admin(LocalCluster c, String sql) {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl("postgres"), c.user(), c.password());
             Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: target/ is removed by the next clean anyway.
        }
    }
}
