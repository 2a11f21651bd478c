package zmd.registry.access;

import static zmd.registry.db.generated.Tables.API_KEY;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import zmd.registry.graphql.ErrorCode;
import zmd.registry.graphql.RegistryException;

/**
 * API keys: 32 random bytes, shown once, stored as SHA-256 (a high-entropy key needs no slow hash).
 * Lookups are cached briefly so a request costs no extra round trip; a revocation takes effect within the TTL.
 */
public final class ApiKeys {
    public static final String PREFIX = "mrr_";
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, long expiresAt) {
    }

    public record Created(String key, Caller caller) {
    }

    public ApiKeys(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Created create(Role role, String name) {
        if (role == null || role == Role.PUBLIC) {
            throw RegistryException.badInput("role", "a key's role must be STAFF_EDITOR, STAFF_VIEWER or PLATFORM");
        }
        if (name == null || name.isBlank()) {
            throw RegistryException.badInput("name", "a key needs a name: who or which platform holds it");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var id = dsl.insertInto(API_KEY)
                .set(API_KEY.NAME, name.strip())
                .set(API_KEY.ROLE, role.name())
                .set(API_KEY.KEY_HASH, sha256(key))
                .set(API_KEY.KEY_PREFIX, key.substring(0, 10))
                .returning(API_KEY.ID)
                .fetchOne(API_KEY.ID);
        return new Created(key, new Caller(role, id, name.strip()));
    }

    public boolean anyEditorKey() {
        return dsl.fetchExists(API_KEY, API_KEY.ROLE.eq(Role.STAFF_EDITOR.name()).and(API_KEY.REVOKED_AT.isNull()));
    }

    /** The caller for an {@code Authorization} header value; PUBLIC when there is none. */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.PUBLIC;
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new RegistryException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <api key>'");
        }
        String key = parts[1];
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached == null || cached.expiresAt < now) {
            cached = new Cached(lookup(key), now + CACHE_TTL.toNanos());
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(key, cached);
        }
        return cached.caller.orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHENTICATED, "unknown or revoked API key"));
    }

    private Optional<Caller> lookup(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return dsl.select(API_KEY.ID, API_KEY.ROLE, API_KEY.NAME)
                .from(API_KEY)
                .where(API_KEY.KEY_HASH.eq(sha256(key)).and(API_KEY.REVOKED_AT.isNull()))
                .fetchOptional(r -> new Caller(Role.valueOf(r.value2()), r.value1(), r.value3()));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
