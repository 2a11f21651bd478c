package zmd.registry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.Config;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Role;
import zmd.registry.db.Database;
import zmd.registry.db.DatabaseUrl;
import zmd.registry.db.LocalCluster;

/**
 * {@code bench-data}: a city-scale dataset for the benchmarks, in its own database (default
 * {@code registry_bench}) so it never mixes with the everyday register. The database is dropped and
 * recreated, migrated, then filled by the SQL scripts in {@code bench/generate/} (set-based, in the server),
 * and a STAFF_VIEWER and a PLATFORM key for the benchmark are written to {@code .data/<database>-viewer-key} and
 * {@code .data/<database>-platform-key}.
 * With {@code --empty} it stops after the migrations (the target of {@code make bench-import}).
 */
public final class BenchData {
    private static final Logger log = LoggerFactory.getLogger(BenchData.class);
    /** Farmland is generated in chunks of this many patches: bounded sorts, and progress to show. */
    static final int FARMLAND_CHUNK = 250_000;

    private BenchData() {
    }

    /** What to generate. Parcels include the 52 fixture and cluster blocks; red lines and zones include 2 fixtures. */
    public record Options(String database, int farmland, int redLines, int plannedZones, int mountains, int parcels,
                          int changeLog, double seed, boolean empty) {
        public static final String USAGE = "[--database registry_bench] [--farmland 1000000] [--red-lines 2000]"
                + " [--planned-zones 100] [--mountains 50] [--parcels 5000] [--change-log 1000000] [--seed 0.42] [--empty]";

        public static Options defaults() {
            return new Options("registry_bench", 1_000_000, 2_000, 100, 50, 5_000, 1_000_000, 0.42, false);
        }

        public static Options parse(List<String> args) {
            Options d = defaults();
            String database = d.database;
            int farmland = d.farmland;
            int redLines = d.redLines;
            int plannedZones = d.plannedZones;
            int mountains = d.mountains;
            int parcels = d.parcels;
            int changeLog = d.changeLog;
            double seed = d.seed;
            boolean empty = false;
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                if (flag.equals("--empty")) {
                    empty = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(flag + " needs a value; usage: bench-data " + USAGE);
                }
                String v = args.get(++i);
                switch (flag) {
                    case "--database" -> database = v;
                    case "--farmland" -> farmland = count(flag, v);
                    case "--red-lines" -> redLines = count(flag, v);
                    case "--planned-zones" -> plannedZones = count(flag, v);
                    case "--mountains" -> mountains = count(flag, v);
                    case "--parcels" -> parcels = count(flag, v);
                    case "--change-log" -> changeLog = count(flag, v);
                    case "--seed" -> seed = seed(v);
                    default -> throw new IllegalArgumentException("unknown option " + flag + "; usage: bench-data " + USAGE);
                }
            }
            Options o = new Options(database, farmland, redLines, plannedZones, mountains, parcels, changeLog, seed, empty);
            o.validate();
            return o;
        }

        void validate() {
            if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("--database must be a lower-case identifier, got " + database);
            }
            if (database.equals("registry") || database.equals("postgres") || database.startsWith("template")) {
                throw new IllegalArgumentException("--database " + database + " is not a benchmark database; bench-data drops it first");
            }
            // The fixtures need their counterparts: 2 fixture blocks and the 50 of the cluster, the red-line
            // pair, the two zones round the fixtures, and enough farmland round fixture a to mean something.
            require(farmland >= 1, "--farmland must be at least 1");
            require(parcels >= 52, "--parcels must be at least 52 (2 fixture blocks and the 50 of the map-extent cluster)");
            require(redLines >= 2, "--red-lines must be at least 2 (the pair of fixture b)");
            require(plannedZones >= 2, "--planned-zones must be at least 2 (the zones round the fixtures)");
        }

        private static int count(String flag, String v) {
            try {
                int n = Integer.parseInt(v.replace("_", ""));
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a non-negative whole number, got " + v);
            }
        }

        private static double seed(String v) {
            try {
                double s = Double.parseDouble(v);
                if (s < -1 || s > 1) {
                    throw new NumberFormatException();
                }
                return s;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seed must be a number in [-1, 1] (PostgreSQL setseed), got " + v);
            }
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /** The session settings the scripts read with current_setting('bench.…'). */
        Map<String, String> settings() {
            return Map.of(
                    "bench.farmland", Integer.toString(farmland),
                    "bench.red_lines", Integer.toString(redLines),
                    "bench.planned_zones", Integer.toString(plannedZones),
                    "bench.mountains", Integer.toString(mountains),
                    "bench.parcels", Integer.toString(parcels),
                    "bench.change_log", Integer.toString(changeLog),
                    "bench.seed", Double.toString(seed));
        }
    }

    /** A fixture as the benchmark reads it from bench.fixture. */
    public record Fixture(String scenario, String name, String parcelCode, UUID parcelId, Integer hits) {
    }

    /** Entry point of {@code registry.jar bench-data}. */
    public static void command(Config config, List<String> args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalCluster cluster = config.databaseUrl() == null ? LocalCluster.start(config.dataDir(), config.localPgPort()) : null;
        try {
            DatabaseUrl server = cluster != null
                    ? new DatabaseUrl(cluster.jdbcUrl("postgres"), cluster.user(), cluster.password())
                    : DatabaseUrl.parse(config.databaseUrl(), config.databaseUser(), config.databasePassword()).withDatabase("postgres");
            if (cluster == null && sameDatabase(config, options.database)) {
                throw new IllegalArgumentException("--database " + options.database + " is DATABASE_URL's own database; choose another");
            }
            long started = System.nanoTime();
            recreate(server, options.database);
            DatabaseUrl bench = server.withDatabase(options.database);
            try (Database db = Database.connect(bench, 2, "bench-data")) {
                db.migrate();
                if (options.empty) {
                    log.info("{}: migrated, empty", options.database);
                    return;
                }
                List<Fixture> fixtures;
                try (Connection c = open(bench)) {
                    fixtures = generate(c, options);
                }
                Path keyFile = writeKey(db, config.dataDir(), options.database, Role.STAFF_VIEWER, "viewer");
                Path platformKeyFile = writeKey(db, config.dataDir(), options.database, Role.PLATFORM, "platform");
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.println(summary(options, fixtures, seconds, keyFile, platformKeyFile));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bench-data failed: " + e.getMessage(), e);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * Fills a freshly migrated database (the registry's tables empty but for counties and units) and returns
     * the fixtures. Each script runs in its own transaction.
     */
    public static List<Fixture> generate(Connection c, Options options) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Generation statements run for minutes: no timeout; JIT compiles each statement for nothing here;
            // the farmland layout sorts a chunk of shapes and should do it in memory.
            st.execute("SET statement_timeout = 0");
            st.execute("SET jit = off");
            st.execute("SET work_mem = '512MB'");
        }
        for (Map.Entry<String, String> s : options.settings().entrySet()) {
            set(c, s.getKey(), s.getValue());
        }
        // The scripts write the register directly: their rows are logged in the change log (V35) as this command's.
        set(c, "registry.caller", "bench-data (" + System.getProperty("user.name") + ")");
        set(c, "registry.action", "benchData");
        long t0 = System.nanoTime();
        run(c, "00_setup.sql", "setup");
        run(c, "09_farmland_prepare.sql", "farmland: indexes and foreign keys set aside");
        for (int first = 1; first <= options.farmland; first += FARMLAND_CHUNK) {
            int last = (int) Math.min((long) first + FARMLAND_CHUNK - 1, options.farmland);
            set(c, "bench.chunk_first", Integer.toString(first));
            set(c, "bench.chunk_last", Integer.toString(last));
            run(c, "10_farmland.sql", String.format(Locale.ROOT, "farmland %,d-%,d of %,d", first, last, options.farmland));
        }
        run(c, "19_farmland_finish.sql", "farmland: indexes and foreign keys rebuilt");
        run(c, "20_red_lines.sql", "red lines (with their ST_Subdivide pieces)");
        run(c, "30_mountains.sql", "mountain list");
        run(c, "40_parcels.sql", "mine parcels");
        run(c, "50_reserves.sql", "reserves");
        run(c, "60_planned_zones.sql", "planned mining zones");
        run(c, "70_listings.sql", "listings and their change feed");
        BenchChangeLog.write(c, options.changeLog);
        run(c, "90_fixtures.sql", "fixtures");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            long t = System.nanoTime();
            // Statistics for the planner, and all-visible pages so the benchmark's first reads do not set hint bits.
            st.execute("VACUUM (ANALYZE)");
            log.info("vacuum and analyze: {}", seconds(t));
        } finally {
            c.setAutoCommit(autoCommit);
        }
        log.info("generated in {}", seconds(t0));
        return fixtures(c);
    }

    static List<Fixture> fixtures(Connection c) throws SQLException {
        List<Fixture> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT scenario, name, parcel_code, parcel_id, hits FROM bench.fixture ORDER BY scenario")) {
            while (rs.next()) {
                out.add(new Fixture(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                        (Integer) rs.getObject(5)));
            }
        }
        return out;
    }

    static void run(Connection c, String script, String what) throws SQLException {
        String sql = script(script);
        long t = System.nanoTime();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException(script + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
        if (what != null) {
            log.info("{}: {}", what, seconds(t));
        }
    }

    static void set(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.execute();
        }
    }

    static String script(String name) {
        try (InputStream in = BenchData.class.getResourceAsStream("/bench/generate/" + name)) {
            if (in == null) {
                throw new IllegalStateException("bench/generate/" + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bench/generate/" + name, e);
        }
    }

    /** Drops and recreates the benchmark database, refusing one that holds anything but generated blocks. */
    private static void recreate(DatabaseUrl server, String database) throws SQLException {
        try (Connection c = open(server); Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                exists = rs.next();
            }
            if (exists) {
                refuseIfRealData(server.withDatabase(database));
                st.execute("DROP DATABASE " + database);
            }
            st.execute("CREATE DATABASE " + database);
        }
    }

    private static void refuseIfRealData(DatabaseUrl url) throws SQLException {
        try (Connection c = open(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('mine_parcel') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
            try (ResultSet real = st.executeQuery("SELECT count(*) FROM mine_parcel WHERE code NOT LIKE 'BENCH-%'")) {
                real.next();
                if (real.getLong(1) > 0) {
                    throw new IllegalStateException(url.jdbcUrl() + " holds " + real.getLong(1)
                            + " blocks that bench-data did not make; it will not drop it");
                }
            }
        }
    }

    private static boolean sameDatabase(Config config, String database) {
        DatabaseUrl own = DatabaseUrl.parse(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        return own.jdbcUrl().equals(own.withDatabase(database).jdbcUrl());
    }

    /** A plain connection: the pool's socket and statement timeouts are for requests, not for a bulk load. */
    private static Connection open(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "bench-data");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** A key of the role for the benchmark, in {@code .data/<database>-<suffix>-key} (bench/run.sh reads it). */
    private static Path writeKey(Database db, Path dataDir, String database, Role role, String suffix) {
        ApiKeys.Created key = new ApiKeys(db.dsl()).create(role, "make bench (" + database + ")");
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve(database + "-" + suffix + "-key");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key.key() + "\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the benchmark key: " + e.getMessage(), e);
        }
    }

    private static String summary(Options o, List<Fixture> fixtures, double seconds, Path keyFile, Path platformKeyFile) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "bench data in %s: %,d farmland patches, %,d red lines, %,d planned zones, "
                        + "%,d mountain areas, %,d blocks; generated in %.1f s%n",
                o.database, o.farmland, o.redLines, o.plannedZones, o.mountains, o.parcels, seconds));
        for (Fixture f : fixtures) {
            s.append(String.format(Locale.ROOT, "  scenario %s  %-18s %-13s %-36s hits %s%n", f.scenario(), f.name(),
                    f.parcelCode() == null ? "-" : f.parcelCode(), f.parcelId() == null ? "-" : f.parcelId(), f.hits()));
        }
        s.append("STAFF_VIEWER key for the benchmark: ").append(keyFile).append(System.lineSeparator());
        s.append("PLATFORM key for the benchmark: ").append(platformKeyFile);
        return s.toString();
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
