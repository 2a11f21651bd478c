package zmd.registry;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings from the environment, with the defaults `make run` relies on. {@code REGISTRY_DATABASE} names
 * another database than the default (the private cluster's {@code registry}, or DATABASE_URL's own), e.g.
 * {@code registry_bench} for the benchmark; null when unset.
 */
public record Config(
        String host,
        int port,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Path dataDir,
        int localPgPort,
        int poolSize,
        boolean loadDemoData,
        String database,
        Path importDir,
        Path reportFont,
        java.util.List<String> replicaUrls,
        java.time.Duration replicaMaxLag) {

    public static Config fromEnv(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("REGISTRY_DATA_DIR", ".data")).toAbsolutePath();
        String importDir = blankToNull(env.get("REGISTRY_IMPORT_DIR"));
        return new Config(
                env.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                blankToNull(env.get("DATABASE_URL")),
                blankToNull(env.get("DATABASE_USER")),
                blankToNull(env.get("DATABASE_PASSWORD")),
                dataDir,
                Integer.parseInt(env.getOrDefault("REGISTRY_PG_PORT", "55432")),
                Integer.parseInt(env.getOrDefault("DB_POOL_SIZE", "16")),
                !"false".equalsIgnoreCase(env.getOrDefault("LOAD_DEMO_DATA", "true")),
                blankToNull(env.get("REGISTRY_DATABASE")),
                // Layer files the importLayer mutation may read: only from here.
                importDir != null ? Path.of(importDir).toAbsolutePath() : dataDir.resolve("imports"),
                // The CJK TrueType collection compliance-report PDFs embed.
                Path.of(env.getOrDefault("REPORT_FONT", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")),
                // Streaming replicas for read-only requests, comma-separated, each as DATABASE_URL is written.
                java.util.Arrays.stream(env.getOrDefault("DATABASE_REPLICA_URLS", "").split(",")).map(String::strip)
                        .filter(u -> !u.isEmpty()).toList(),
                java.time.Duration.ofMillis(Long.parseLong(env.getOrDefault("REPLICA_MAX_LAG_MS", "2000"))));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
