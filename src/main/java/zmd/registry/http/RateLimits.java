package zmd.registry.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.ogc.OgcApi;

/**
 * Token buckets in memory (per node): one per API key for authenticated callers, one per client address for the
 * others and for keys that fail to authenticate (so inventing keys buys no extra requests). Refused requests get
 * 429, RATE_LIMITED and Retry-After in whole seconds.
 */
final class RateLimits {
    /** Buckets kept at most; past that all are forgotten at once (a full bucket is what a new caller gets anyway). */
    private static final int MAX_BUCKETS = 100_000;

    private final Limits limits;
    private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Limits limits) {
        this.limits = limits;
    }

    /** The caller of a request, once its key's (or address's) bucket had a token for it. */
    Caller admit(Context ctx, ApiKeys apiKeys) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            byAddress(ctx);
            return apiKeys.authenticate(null).withRequestId(RequestIds.of(ctx));
        }
        Caller caller;
        try {
            caller = apiKeys.authenticate(authorization, basicAllowed(ctx));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                byAddress(ctx);
            }
            throw e;
        }
        if (caller.keyId() != null) {
            take(ctx, caller.keyId(), limits.keyPerSecond(), limits.keyBurst());
        } else {
            byAddress(ctx);
        }
        return caller.withRequestId(RequestIds.of(ctx));
    }

    /** OGC API reads (features, tiles) may carry the key as a basic password: see ApiKeys.authenticate. */
    static boolean basicAllowed(Context ctx) {
        return (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
                && (ctx.path().equals(OgcApi.PREFIX) || ctx.path().startsWith(OgcApi.PREFIX + "/"));
    }

    /** A request counted against its client address (WebSocket upgrades, anonymous requests). */
    void byAddress(Context ctx) {
        take(ctx, ctx.ip(), limits.addressPerSecond(), limits.addressBurst());
    }

    /** An operation sent over an open WebSocket, counted like a request: against its key, else its address. */
    void operation(Caller caller, String address) {
        boolean byKey = caller.keyId() != null;
        long seconds = byKey ? secondsToWait(caller.keyId(), limits.keyPerSecond(), limits.keyBurst())
                : secondsToWait(address, limits.addressPerSecond(), limits.addressBurst());
        if (seconds > 0) {
            throw new RegistryException(ErrorCode.RATE_LIMITED, refusal(byKey, byKey ? limits.keyPerSecond() : limits.addressPerSecond(),
                    byKey ? limits.keyBurst() : limits.addressBurst(), seconds), Map.of("retryAfterSeconds", seconds));
        }
    }

    private void take(Context ctx, Object who, long perSecond, long burst) {
        long seconds = secondsToWait(who, perSecond, burst);
        if (seconds > 0) {
            ctx.header("Retry-After", Long.toString(seconds));
            throw new GraphQLHttp.HttpError(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED,
                    refusal(!(who instanceof String), perSecond, burst, seconds));
        }
    }

    /** 0 when the bucket of {@code who} had a token (now taken), else the whole seconds until it has one. */
    private long secondsToWait(Object who, long perSecond, long burst) {
        if (perSecond == 0) {
            return 0;
        }
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(who, k -> Bucket.builder()
                .addLimit(l -> l.capacity(Math.max(burst, 1)).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    private static String refusal(boolean byKey, long perSecond, long burst, long seconds) {
        return "too many requests from this " + (byKey ? "API key" : "address") + " (at most " + perSecond + " a second, bursts of "
                + Math.max(burst, 1) + "); retry after " + seconds + " s";
    }
}
