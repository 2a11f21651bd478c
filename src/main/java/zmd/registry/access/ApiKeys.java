package zmd.registry.access;

import static zmd.registry.db.generated.Tables.API_KEY;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import zmd.registry.core.Author;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.Changes;
import zmd.registry.db.generated.tables.records.ApiKeyRecord;

/**
 * API keys: 32 random bytes, shown once, stored as SHA-256 (a high-entropy key needs no slow hash).
 * Lookups are cached so a request costs no extra round trip. Revocation is read from the database, not from this
 * node's memory: at most every {@link #REVOCATION_CHECK} a one-row summary of the table's revocations is read, and
 * when it changed (a key revoked or deleted, through any node or by hand) the cache is emptied. So a revocation
 * bites within that interval everywhere, and nodes need not tell each other.
 */
public final class ApiKeys {
    public static final String PREFIX = "mrr_";
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);
    public static final Duration REVOCATION_CHECK = Duration.ofMillis(250);
    private static final Duration REVOCATION_READ_TIMEOUT = Duration.ofSeconds(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile long revocationsCheckedAt = System.nanoTime() - REVOCATION_CHECK.toNanos();
    private volatile List<Object> revocationState;
    private volatile long revocationEpoch;

    /** A lookup and the revocation epoch it began in: one begun before a revocation was seen is not trusted after. */
    private record Cached(Optional<Caller> caller, long expiresAt, long epoch) {
    }

    public record Created(String key, Caller caller) {
    }

    /** What the register keeps of a key: never the secret, only its first characters to recognise it. */
    public record KeyInfo(UUID id, String name, Role role, String keyPrefix, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    }

    public ApiKeys(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every key, newest first. */
    public List<KeyInfo> list(Caller caller) {
        caller.requireEditor("Listing API keys");
        return dsl.selectFrom(API_KEY).orderBy(API_KEY.CREATED_AT.desc(), API_KEY.ID).fetch(ApiKeys::info);
    }

    /**
     * Revokes a key for good. Revoking a revoked key is no error (it returns the first revocation): a retry after a
     * lost answer must not fail. The caller's own key may be revoked too.
     */
    public KeyInfo revoke(Caller caller, String idText) {
        caller.requireEditor("Revoking an API key");
        UUID id = RegistryException.parseId(idText, "id");
        Changes.transaction(dsl, caller, "revokeApiKey", tx -> tx.update(API_KEY).set(API_KEY.REVOKED_AT, DSL.currentOffsetDateTime())
                .where(API_KEY.ID.eq(id).and(API_KEY.REVOKED_AT.isNull())).execute());
        KeyInfo info = dsl.selectFrom(API_KEY).where(API_KEY.ID.eq(id)).fetchOptional(ApiKeys::info)
                .orElseThrow(() -> RegistryException.notFound("API key " + id));
        revocationsCheckedAt = System.nanoTime() - REVOCATION_CHECK.toNanos();
        checkRevocations();
        return info;
    }

    /**
     * Reads the revocation summary when the last read is older than {@link #REVOCATION_CHECK}, and empties the
     * cache when it changed. True when it changed. A database that cannot be read leaves the state as it was.
     */
    public boolean checkRevocations() {
        long now = System.nanoTime();
        if (now - revocationsCheckedAt < REVOCATION_CHECK.toNanos()) {
            return false;
        }
        synchronized (this) {
            if (now - revocationsCheckedAt < REVOCATION_CHECK.toNanos()) {
                return false;
            }
            revocationsCheckedAt = now;
            List<Object> state;
            try {
                state = readRevocationState();
            } catch (RuntimeException e) {
                return false;
            }
            if (state.equals(revocationState)) {
                return false;
            }
            if (revocationState != null) {
                revocationEpoch++;
            }
            revocationState = state;
            cache.clear();
            return true;
        }
    }

    /** Counts the revocation changes this node has seen: holders of long-lived callers re-check theirs when it moves. */
    public long revocationEpoch() {
        return revocationEpoch;
    }

    /** Whether the key of a caller is still valid (always true for the public and the system). */
    public boolean isActive(Caller caller) {
        return caller.keyId() == null || dsl.fetchExists(API_KEY, API_KEY.ID.eq(caller.keyId()).and(API_KEY.REVOKED_AT.isNull()));
    }

    /** Keys, revoked keys and the latest revocation: any revocation or deletion changes it. */
    private List<Object> readRevocationState() {
        // Plain JDBC, past jOOQ's listeners: this is the node's periodic check, not a statement of whichever request
        // happens to run it, so the per-request statement counts stay exact.
        return dsl.connectionResult(c -> {
            // Bounded like the pool's checks: a frozen database must not hold the request that happens to run it.
            c.setNetworkTimeout(Runnable::run, (int) REVOCATION_READ_TIMEOUT.toMillis());
            try (var st = c.prepareStatement("SELECT count(*), count(revoked_at), max(revoked_at) FROM api_key");
                    var rs = st.executeQuery()) {
                rs.next();
                return Arrays.asList(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class));
            }
        });
    }

    private static KeyInfo info(ApiKeyRecord r) {
        return new KeyInfo(r.getId(), r.getName(), Role.valueOf(r.getRole()), r.getKeyPrefix(), r.getCreatedAt(), r.getRevokedAt());
    }

    /** A key made by the server itself (the first editor key, the tests' keys). */
    public Created create(Role role, String name) {
        return create(Caller.SYSTEM, role, name);
    }

    /** A key made by {@code by}, logged as createApiKey (the change log keeps neither the key nor its hash). */
    public Created create(Author by, Role role, String name) {
        if (role == null || role == Role.PUBLIC) {
            throw RegistryException.badInput("role", "a key's role must be STAFF_EDITOR, STAFF_VIEWER, AUDITOR or PLATFORM");
        }
        if (name == null || name.isBlank()) {
            throw RegistryException.badInput("name", "a key needs a name: who or which platform holds it");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var id = Changes.transaction(dsl, by, "createApiKey", tx -> tx.insertInto(API_KEY)
                .set(API_KEY.NAME, name.strip())
                .set(API_KEY.ROLE, role.name())
                .set(API_KEY.KEY_HASH, sha256(key))
                .set(API_KEY.KEY_PREFIX, key.substring(0, 10))
                .returning(API_KEY.ID)
                .fetchOne(API_KEY.ID));
        return new Created(key, new Caller(role, id, name.strip()));
    }

    public boolean anyEditorKey() {
        return dsl.fetchExists(API_KEY, API_KEY.ROLE.eq(Role.STAFF_EDITOR.name()).and(API_KEY.REVOKED_AT.isNull()));
    }

    /** The caller for an {@code Authorization: Bearer <key>} header value; PUBLIC when there is none. */
    public Caller authenticate(String authorization) {
        return authenticate(authorization, false);
    }

    /**
     * The caller for an {@code Authorization} header value; PUBLIC when there is none. With {@code basicAllowed},
     * also {@code Basic} with the key as the password (any user name), for desktop GIS whose only way to send a
     * secret with every request is HTTP basic authentication (QGIS 3.22). The server allows it for OGC API reads
     * only: a browser that has cached basic credentials sends them by itself, to WebSocket upgrades from any site too.
     */
    public Caller authenticate(String authorization, boolean basicAllowed) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.PUBLIC;
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        boolean basic = scheme.equals("basic");
        if (parts.length != 2 || !(scheme.equals("bearer") || basic)) {
            throw new RegistryException(ErrorCode.UNAUTHENTICATED, basicAllowed
                    ? "the Authorization header must be 'Bearer <api key>', or 'Basic' with the API key as the password"
                    : "the Authorization header must be 'Bearer <api key>'");
        }
        if (basic && !basicAllowed) {
            throw new RegistryException(ErrorCode.UNAUTHENTICATED,
                    "HTTP basic authentication is accepted for OGC API reads (GET under /ogc) only; send 'Authorization: Bearer <api key>'");
        }
        String key = basic ? basicPassword(parts[1]) : parts[1];
        checkRevocations();
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached == null || cached.expiresAt < now || cached.epoch != revocationEpoch) {
            long epoch = revocationEpoch;
            cached = new Cached(lookup(key), now + CACHE_TTL.toNanos(), epoch);
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(key, cached);
        }
        return cached.caller.orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHENTICATED, "unknown or revoked API key"));
    }

    private static String basicPassword(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.UNAUTHENTICATED, "the Basic credentials are not base64 of 'user:api key'");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            throw new RegistryException(ErrorCode.UNAUTHENTICATED, "the Basic credentials must carry the API key as the password ('user:api key')");
        }
        return decoded.substring(colon + 1).strip();
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
