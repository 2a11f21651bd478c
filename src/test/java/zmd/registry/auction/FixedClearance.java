package zmd.registry.auction;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one test double of these tests: an overlap check with fixed verdicts (CLEAR unless a block is set otherwise),
 * standing in for the protection feature's overlap service, which is not on this branch.
 */
final class FixedClearance implements ClearanceCheck {
    static final Map<String, String> VERSIONS = Map.of("RED_LINE", "test-2024-01", "BASIC_FARMLAND", "test-2023-12");
    private final Map<UUID, Clearance.Verdict> verdicts = new ConcurrentHashMap<>();

    void set(UUID parcelId, Clearance.Verdict verdict) {
        verdicts.put(parcelId, verdict);
    }

    @Override
    public Clearance check(UUID parcelId) {
        Clearance.Verdict v = verdicts.getOrDefault(parcelId, Clearance.Verdict.CLEAR);
        String summary = switch (v) {
            case CLEAR -> "no overlap with protected land (fixed test verdict)";
            case NOT_CLEAR -> "overlaps 生态保护红线 by 1234.5 m² (fixed test verdict)";
            case UNAVAILABLE -> "layer BASIC_FARMLAND has no current dataset (fixed test verdict)";
        };
        return new Clearance(v, "FixedClearance (test double)", summary, VERSIONS, Map.of("fixed", true));
    }
}
