package zmd.registry.graphql;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the selections that could have been written directly but were answered on the ordinary path, by reason
 * (the field its shape lacks, a null in a non-null field, ...), as {@code graphql_direct_fallbacks_total} at
 * /metrics. The reasons are bounded: they name schema fields and a few fixed causes, never values.
 */
public final class Fallbacks {
    private final MeterRegistry meters;
    private final Map<String, Counter> byReason = new ConcurrentHashMap<>();

    public Fallbacks(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String reason) {
        byReason.computeIfAbsent(reason, r -> Counter.builder("graphql.direct.fallbacks").tag("reason", r)
                .description("Selections answered on the ordinary path instead of written directly, by reason")
                .register(meters)).increment();
    }
}
