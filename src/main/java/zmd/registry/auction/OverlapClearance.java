package zmd.registry.auction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import zmd.registry.access.Caller;
import zmd.registry.protection.OverlapReport;
import zmd.registry.protection.OverlapService;
import zmd.registry.protection.Verdict;

/**
 * The announce gate's view of the overlap check: every rule against the current layer versions. Only an
 * overall CLEAR lets a listing be announced; a layer without data (NO_DATA) refuses like a conflict.
 */
public final class OverlapClearance implements ClearanceCheck {
    static final String CHECKER = "protection.OverlapService.checkParcels (all rules, default sliver tolerance)";
    /** Evidence lists at most this many features per rule; the counts and areas cover all of them. */
    private static final int FEATURES_KEPT = 50;

    private final OverlapService overlaps;

    public OverlapClearance(OverlapService overlaps) {
        this.overlaps = overlaps;
    }

    /** The checker named in evidence when the check itself failed (see ListingLifecycle.clearanceOf). */
    @Override
    public String toString() {
        return CHECKER;
    }

    @Override
    public Clearance check(UUID parcelId) {
        return check(parcelId, null);
    }

    @Override
    public Clearance check(UUID parcelId, OverlapReport checked) {
        OverlapReport report = checked != null ? checked : overlaps.checkParcels(Caller.SYSTEM, List.of(parcelId),
                OverlapService.CheckRequest.of(null, null, Set.of(), Set.of())).get(parcelId);
        if (report == null) {
            return new Clearance(Clearance.Verdict.UNAVAILABLE, CHECKER, "the block is not in the register", null, null);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (OverlapReport.RuleResult rule : report.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rule", rule.rule().name());
            r.put("verdict", rule.verdict().name());
            r.put("summary", rule.summary());
            if (rule.dataset() != null) {
                versions.put(rule.rule().name(), rule.dataset().version());
                r.put("dataset", Map.of("id", rule.dataset().id(), "name", rule.dataset().name(), "version", rule.dataset().version()));
            }
            r.put("conflictCount", rule.conflictCount());
            r.put("conflictAreaM2", rule.conflictAreaM2());
            if (rule.outsideAreaM2() != null) {
                r.put("outsideAreaM2", rule.outsideAreaM2());
            }
            r.put("features", rule.features().stream().limit(FEATURES_KEPT).map(f -> Map.of(
                    "id", f.id(), "code", String.valueOf(f.code()), "areaM2", f.areaM2(), "sliver", f.sliver())).toList());
            rules.add(r);
            if (rule.verdict() != Verdict.CLEAR) {
                problems.add(rule.rule().name() + ": " + rule.summary());
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("checkedAt", report.checkedAt().toString());
        evidence.put("blockAreaM2", report.blockAreaM2());
        evidence.put("toleranceM2", report.toleranceM2());
        evidence.put("rules", rules);
        Clearance.Verdict verdict = switch (report.verdict()) {
            case CLEAR -> Clearance.Verdict.CLEAR;
            case CONFLICT -> Clearance.Verdict.NOT_CLEAR;
            case NO_DATA -> Clearance.Verdict.UNAVAILABLE;
        };
        String summary = problems.isEmpty()
                ? "clear of the red line, basic farmland, the mountain list and other mining rights; inside a planned mining zone"
                : String.join("; ", problems);
        return new Clearance(verdict, CHECKER, summary, versions, evidence);
    }
}
