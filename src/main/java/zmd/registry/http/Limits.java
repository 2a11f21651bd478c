package zmd.registry.http;

import java.time.Duration;
import java.util.Map;
import zmd.registry.db.Database;

/**
 * What one caller may ask of the server: the time budget of a request, and token buckets per API key and per client
 * address (requests per second, and the burst a bucket holds). A rate of 0 turns that limit off.
 */
public record Limits(Duration budget, long keyPerSecond, long keyBurst, long addressPerSecond, long addressBurst) {
    /** For tests and benchmarks that drive thousands of requests a second from one address. */
    public static final Limits NO_RATE_LIMITS = new Limits(Database.DEFAULT_BUDGET, 0, 0, 0, 0);

    public Limits {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("REQUEST_TIMEOUT_MS must be positive");
        }
        if (keyPerSecond < 0 || addressPerSecond < 0 || keyBurst < 0 || addressBurst < 0) {
            throw new IllegalArgumentException("rate limits must be ≥ 0 (0 = no limit)");
        }
    }

    public static Limits fromEnv(Map<String, String> env) {
        long key = number(env, "RATE_LIMIT_KEY_PER_SECOND", 100);
        long address = number(env, "RATE_LIMIT_ADDRESS_PER_SECOND", 20);
        return new Limits(Duration.ofMillis(number(env, "REQUEST_TIMEOUT_MS", Database.DEFAULT_BUDGET.toMillis())),
                key, number(env, "RATE_LIMIT_KEY_BURST", 4 * key), address, number(env, "RATE_LIMIT_ADDRESS_BURST", 5 * address));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }
}
