package zmd.registry.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL cluster owned by the project: initdb on first use, pg_ctl start/stop, listening
 * only on 127.0.0.1 with a generated password. PostgreSQL refuses to run as root, so when we are root
 * the server binaries run as the {@code postgres} OS user and the data folder is handed to it.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    public static final String SUPERUSER = "registry";

    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final String password;
    private boolean startedHere;

    private LocalCluster(Path dataDir, Path binDir, int port, String password) {
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
        this.password = password;
    }

    /** Initializes the cluster in {@code home} if needed and starts it on {@code port} (0 = any free port). */
    public static LocalCluster start(Path home, int port) {
        try {
            Path bin = findBinDir();
            Files.createDirectories(home);
            Path data = home.resolve("pg");
            Path pwFile = home.resolve("pg-password");
            if (!Files.exists(pwFile)) {
                byte[] secret = new byte[18];
                new SecureRandom().nextBytes(secret);
                Files.writeString(pwFile, HexFormat.of().formatHex(secret));
                Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
            }
            String password = Files.readString(pwFile).strip();
            LocalCluster cluster = new LocalCluster(data, bin, port == 0 ? freePort() : port, password);
            cluster.initIfNeeded();
            cluster.startServer();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the private PostgreSQL cluster in " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * A streaming hot standby of this running cluster, in {@code home}: a base backup (pg_basebackup -R, which also
     * writes the connection to the primary) started on a free port. For tests of read replicas and for operators
     * trying one out on the private cluster.
     */
    public LocalCluster standby(Path home) {
        try {
            Files.createDirectories(home);
            handToServerUser(home);
            Path data = home.resolve("pg");
            run(List.of(binDir.resolve("pg_basebackup").toString(), "-D", data.toString(), "-R", "-X", "stream", "-c", "fast",
                    "-d", "host=127.0.0.1 port=" + port + " user=" + SUPERUSER + " password=" + password), 600);
            LocalCluster standby = new LocalCluster(data, binDir, freePort(), password);
            standby.startServer();
            return standby;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a standby in " + home + ": " + e.getMessage(), e);
        }
    }

    /** Starts this cluster again after {@link #close} (a replica brought back). */
    public void restart() {
        try {
            startServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the cluster in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    private void initIfNeeded() throws IOException {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dataDir);
        Path pwInput = dataDir.getParent().resolve("pg-initpw");
        Files.writeString(pwInput, password + "\n");
        handToServerUser(dataDir);
        handToServerUser(pwInput);
        try {
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwInput, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"), 120);
        } finally {
            Files.deleteIfExists(pwInput);
        }
        // Loopback only, no Unix socket in a shared folder, modest memory for a 2-core machine.
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 100",
                "shared_buffers = '512MB'",
                "work_mem = '32MB'",
                "maintenance_work_mem = '512MB'",
                "max_wal_size = '4GB'",
                "fsync = on",
                // A write the register acknowledged survives a crash (it may be the only copy of a legal record).
                "synchronous_commit = on",
                "log_min_messages = warning",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        log.info("initialized private PostgreSQL cluster in {}", dataDir);
    }

    private void startServer() throws IOException {
        if (isRunning()) {
            log.info("private PostgreSQL cluster in {} is already running; using it", dataDir);
            startedHere = false;
            return;
        }
        Path logFile = dataDir.getParent().resolve("postgres.log");
        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
        }
        handToServerUser(logFile);
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", logFile.toString(),
                "-o", "-p " + port, "-w", "-t", "60", "start"), 90);
        startedHere = true;
        log.info("private PostgreSQL cluster listening on 127.0.0.1:{}", port);
    }

    private boolean isRunning() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        return exec(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "status"), 30) == 0
                && runningPort() == port;
    }

    private int runningPort() throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : -1;
    }

    @Override
    public void close() {
        if (!startedHere) {
            return;
        }
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), 60);
            startedHere = false;
            log.info("private PostgreSQL cluster stopped");
        } catch (IOException | IllegalStateException e) {
            log.warn("could not stop the private PostgreSQL cluster: {}", e.getMessage());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void handToServerUser(Path path) throws IOException {
        if (isRoot()) {
            exec(List.of("chown", "-R", "postgres:postgres", path.toString()), 60);
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException {
        int rc = exec(command, timeoutSeconds);
        if (rc != 0) {
            throw new IllegalStateException("command failed (exit " + rc + "): " + String.join(" ", command));
        }
    }

    private static int exec(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot() && !command.getFirst().equals("chown")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0 && !command.contains("status")) {
                log.warn("{} said: {}", command.getFirst(), out.strip());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static Path findBinDir() throws IOException {
        String override = System.getenv("PG_BINDIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql: "
                + "install the Debian packages postgresql and postgresql-15-postgis-3 (make run does this)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
