package zmd.registry;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.bench.BenchData;
import zmd.registry.compliance.VerifyReportCommand;
import zmd.registry.core.RegistryException;
import zmd.registry.db.Database;
import zmd.registry.db.DatabaseUrl;
import zmd.registry.db.LocalCluster;
import zmd.registry.demo.DemoData;
import zmd.registry.geo.Projections;
import zmd.registry.history.ChangeLogRepository;
import zmd.registry.history.VerifyChangeLogCommand;
import zmd.registry.http.App;
import zmd.registry.http.Limits;
import zmd.registry.pricing.PricingService;

/**
 * {@code serve} (default): the API on http://HOST:PORT. {@code create-key --role R --name N}: a new API key.
 * {@code import-base-prices --file F [--edition NAME] [--supersede]}: an edition of market base prices from CSV.
 * {@code import --layer L --file F …}: a dataset into a protected layer (see {@link LayerImportCommand}).
 * {@code bench-data [--farmland N ...]}: the city-scale benchmark database (see {@link BenchData}).
 * {@code verify-report FILE [--public-key KEY.pem]}: checks a compliance report file (see {@link VerifyReportCommand}).
 * {@code verify-change-log}: walks the change log's hash chain and reconciles it with the register (see
 * {@link VerifyChangeLogCommand}); exits 1 at a break.
 * Without DATABASE_URL they use the project's private PostGIS cluster in .data/; REGISTRY_DATABASE picks
 * another database than the default one.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String LOCAL_DATABASE = "registry";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv(System.getenv());
        String command = args.length == 0 ? "serve" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        switch (command) {
            case "serve" -> serve(config);
            case "create-key" -> createKey(config, rest);
            case "revoke-key" -> System.exit(revokeKey(config, rest));
            case "import-base-prices" -> importBasePrices(config, rest);
            case "import" -> System.exit(importLayer(config, rest));
            case "bench-data" -> BenchData.command(config, rest);
            case "bench-fanout" -> zmd.registry.bench.SubscriptionFanOut.command(rest);
            case "bench-register" -> zmd.registry.bench.RegisterLoad.command(rest);
            case "verify-change-log" -> System.exit(verifyChangeLog(config));
            case "verify-report" -> System.exit(VerifyReportCommand.run(rest, System.getenv(), config.dataDir(), System.out, System.err));
            default -> {
                System.err.println("usage: registry.jar [serve | create-key --role STAFF_EDITOR|STAFF_VIEWER|AUDITOR|PLATFORM --name NAME"
                        + " | revoke-key --id KEY_ID | import-base-prices --file F [--edition NAME] [--supersede]"
                        + " | " + LayerImportCommand.USAGE
                        + " | bench-data " + BenchData.Options.USAGE + " | " + zmd.registry.bench.SubscriptionFanOut.USAGE + " | " + zmd.registry.bench.RegisterLoad.USAGE + " | " + VerifyReportCommand.USAGE + "]");
                System.exit(2);
            }
        }
    }

    /** The database and, when it is the private cluster, the cluster itself (to stop it at the end). */
    record Opened(Database database, LocalCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    static Opened open(Config config) {
        LocalCluster cluster = null;
        DatabaseUrl url;
        if (config.databaseUrl() != null) {
            url = DatabaseUrl.parse(config.databaseUrl(), config.databaseUser(), config.databasePassword());
            if (config.database() != null) {
                url = url.withDatabase(config.database());
            }
            log.info("using external database {}", url.jdbcUrl());
        } else {
            cluster = LocalCluster.start(config.dataDir(), config.localPgPort());
            createDatabaseIfMissing(cluster, localDatabase(config));
            url = new DatabaseUrl(cluster.jdbcUrl(localDatabase(config)), cluster.user(), cluster.password());
        }
        List<DatabaseUrl> replicas = config.replicaUrls().stream()
                .map(u -> DatabaseUrl.parse(u, config.databaseUser(), config.databasePassword())).toList();
        if (!replicas.isEmpty()) {
            log.info("reading from {} replica(s): {}", replicas.size(), replicas.stream().map(DatabaseUrl::jdbcUrl).toList());
        }
        Database db = Database.connect(url, replicas, config.poolSize(), "registry", Limits.fromEnv(System.getenv()).budget(),
                config.replicaMaxLag());
        db.migrate();
        requireDurableCommits(db, cluster);
        return new Opened(db, cluster);
    }

    /**
     * A write the register acknowledged must survive a crash. The private cluster is the server's own: one made before
     * 2026-12-04 (initialised with synchronous_commit = off) is set right. An external database is the DBA's: warned.
     */
    private static void requireDurableCommits(Database db, LocalCluster cluster) {
        String setting = db.dsl().fetchOne("SELECT current_setting('synchronous_commit')").get(0, String.class);
        if (!"off".equals(setting)) {
            return;
        }
        if (cluster != null) {
            db.dsl().execute("ALTER SYSTEM SET synchronous_commit = on");
            db.dsl().execute("SELECT pg_reload_conf()");
            log.info("the private cluster had synchronous_commit off: set on, so that an acknowledged write survives a crash");
        } else {
            log.warn("synchronous_commit is off for this server's connections: writes acknowledged just before a crash of PostgreSQL can be lost."
                    + " For a register, set it on (ALTER SYSTEM, or ALTER DATABASE/ROLE ... SET synchronous_commit = on, whichever set it off)");
        }
    }

    private static void serve(Config config) throws IOException {
        Opened opened = open(config);
        try {
            start(config, opened);
        } catch (RuntimeException | IOException e) {
            opened.close();
            throw e;
        }
    }

    private static void start(Config config, Opened opened) throws IOException {
        Projections.warm(opened.database().dataSource(), config.poolSize());
        Registry registry = new Registry(opened.database(), config.importDir());
        Files.createDirectories(config.importDir());
        if (config.loadDemoData() && registry.parcels().registerIsEmpty()) {
            int n = DemoData.load(registry);
            log.info("the register was empty: loaded {} demo blocks of the 2020 plan (synthetic geometry)", n);
        }
        if (!registry.apiKeys().anyEditorKey()) {
            ApiKeys.Created key = registry.apiKeys().create(Role.STAFF_EDITOR, "local editor (" + System.getProperty("user.name") + ")");
            // One file per database, so a benchmark server never overwrites the key of the everyday one.
            Path keyFile = config.dataDir().resolve(config.database() == null ? "editor-key" : config.database() + "-editor-key");
            Files.createDirectories(config.dataDir());
            Files.writeString(keyFile, key.key() + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            log.info("created a STAFF_EDITOR API key for you in {} (send it as Authorization: Bearer <key>)", keyFile);
        }
        Javalin app = App.create(registry, Limits.fromEnv(System.getenv())).start(config.host(), config.port());
        log.info("serving http://{}:{}/graphql and /graphiql", config.host(), config.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            opened.close();
        }, "shutdown"));
    }

    private static void createKey(Config config, List<String> args) {
        String role = null;
        String name = null;
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            switch (rest.get(i)) {
                case "--role" -> role = rest.get(i + 1);
                case "--name" -> name = rest.get(i + 1);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i));
            }
        }
        Role parsed;
        try {
            parsed = Role.valueOf(role == null ? "" : role.strip());
        } catch (IllegalArgumentException e) {
            System.err.println("--role must be STAFF_EDITOR, STAFF_VIEWER, AUDITOR or PLATFORM");
            System.exit(2);
            return;
        }
        try (Opened opened = open(config)) {
            ApiKeys.Created created = new ApiKeys(opened.database().dsl()).create(Caller.commandLine(), parsed, name);
            System.out.println(created.key());
            System.err.println("API key for " + created.caller().name() + " (" + parsed + "), id " + created.caller().keyId()
                    + " (to revoke it: make revoke-key ID=…): shown once, store it now.");
        }
    }

    private static int verifyChangeLog(Config config) {
        try (Opened opened = open(config)) {
            return VerifyChangeLogCommand.run(new ChangeLogRepository(opened.database().dsl()), System.out, System.err);
        }
    }

    /** Revokes a key by its id (as listed by the apiKeys query); every running node refuses it within a second. */
    private static int revokeKey(Config config, List<String> args) {
        if (args.size() != 2 || !args.get(0).equals("--id")) {
            System.err.println("usage: registry.jar revoke-key --id KEY_ID");
            return 2;
        }
        try (Opened opened = open(config)) {
            ApiKeys.KeyInfo revoked = new ApiKeys(opened.database().dsl()).revoke(Caller.commandLine(), args.get(1));
            System.out.println("revoked " + revoked.id() + " (" + revoked.name() + ", " + revoked.role() + ", "
                    + revoked.keyPrefix() + "…) at " + revoked.revokedAt());
            return 0;
        } catch (RegistryException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private static void importBasePrices(Config config, List<String> args) throws IOException {
        Path file = null;
        String edition = null;
        boolean supersede = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--file" -> file = Path.of(args.get(++i));
                case "--edition" -> edition = args.get(++i);
                case "--supersede" -> supersede = true;
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (file == null) {
            System.err.println("usage: registry.jar import-base-prices --file prices.csv [--edition NAME] [--supersede]");
            System.exit(2);
            return;
        }
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        String name = edition != null ? edition : file.getFileName().toString();
        Caller caller = Caller.commandLine();
        int status = 0;
        try (Opened opened = open(config)) {
            PricingService.ImportResult result = new Registry(opened.database(), config.importDir()).pricing().importCsv(caller, csv, name, supersede);
            System.out.println("imported edition '" + result.edition().name() + "': " + result.prices().size() + " base prices");
            result.superseded().forEach(p -> System.out.println("ended " + p.mineral() + " " + p.region().name() + " of edition '" + p.edition()
                    + "' on " + p.validTo()));
        } catch (RegistryException e) {
            System.err.println(e.getMessage());
            if (e.details().get("rowErrors") instanceof List<?> rows) {
                for (Object row : rows) {
                    Map<?, ?> r = (Map<?, ?>) row;
                    System.err.println("  line " + r.get("line") + (r.get("column") != null ? " (" + r.get("column") + ")" : "") + ": " + r.get("message"));
                }
            }
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }


    /** {@code import --layer L --file F --version V --name N [--source S] [--srid N] [--repair]}: exit 0 imported, 1 rejected, 2 usage. */
    private static int importLayer(Config config, List<String> args) {
        LayerImportCommand command;
        try {
            command = LayerImportCommand.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: registry.jar " + LayerImportCommand.USAGE);
            return 2;
        }
        try (Opened opened = open(config)) {
            return command.run(new Registry(opened.database(), config.importDir()), System.out, System.err);
        }
    }


    /** The database on the private cluster: REGISTRY_DATABASE or {@code registry}. */
    static String localDatabase(Config config) {
        return config.database() == null ? LOCAL_DATABASE : config.database();
    }

    private static void createDatabaseIfMissing(LocalCluster cluster, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("REGISTRY_DATABASE must be a plain identifier, got " + name);
        }
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("postgres"), cluster.user(), cluster.password());
             var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the registry database: " + e.getMessage(), e);
        }
    }
}
