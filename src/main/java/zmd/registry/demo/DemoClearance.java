package zmd.registry.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.auction.Clearance;
import zmd.registry.auction.ClearanceCheck;
import zmd.registry.parcel.MineParcel;

/**
 * For demo listings only, and only while the server has no overlap check: lets the demo announce its listings and
 * records, in the listing's evidence, that nothing was checked against protected land and what the source
 * document states instead. Never used by the API.
 */
final class DemoClearance implements ClearanceCheck {
    static final String CHECKER = "DEMO ONLY: no overlap check (protected layers not available); the source document's statements are recorded";

    private final Registry registry;

    DemoClearance(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Clearance check(UUID parcelId) {
        MineParcel p = registry.parcels().visibleByIds(Caller.SYSTEM, List.of(parcelId)).get(parcelId);
        Map<String, Object> stated = new LinkedHashMap<>();
        stated.put("sourceDocument", p.sourceDocument());
        stated.put("statedClearOfRedLine", p.statedClearOfRedLine());
        stated.put("statedClearOfBasicFarmland", p.statedClearOfBasicFarmland());
        stated.put("statedOutsideMountainList", p.statedOutsideMountainList());
        stated.put("planConformityStatement", p.planConformityStatement());
        return new Clearance(Clearance.Verdict.CLEAR, CHECKER,
                "NOT CHECKED against protected layers: demo listing; the source document's statements are recorded instead",
                Map.of(), Map.of("demo", true, "stated", stated));
    }

    @Override
    public String toString() {
        return CHECKER;
    }
}
