package zmd.registry.auction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The overlap check's answer for a block, as the announce gate needs it.
 *
 * @param verdict         CLEAR lets the listing be announced; anything else refuses it
 * @param checker         what produced the verdict (the service and its method), stored as evidence
 * @param summary         one line for people: what overlaps, or that nothing does
 * @param datasetVersions layer -> version of the dataset checked against (e.g. RED_LINE -> 2023-10)
 * @param evidence        the report, JSON-able (maps, lists, strings, numbers), stored with the listing
 */
public record Clearance(Verdict verdict, String checker, String summary, Map<String, String> datasetVersions, Map<String, Object> evidence) {
    public enum Verdict {
        /** No overlap with any protected layer, inside a planned zone: may be offered. */
        CLEAR,
        /** Some rule failed (overlap, outside the planned zone). */
        NOT_CLEAR,
        /** No verdict: no check configured, a layer missing, the check failed. Refuses, like NOT_CLEAR. */
        UNAVAILABLE
    }

    public Clearance {
        datasetVersions = datasetVersions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(datasetVersions));
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
