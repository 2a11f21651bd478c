package zmd.registry.auction;

import java.util.UUID;
import zmd.registry.protection.OverlapReport;

/**
 * What the announce gate needs from the overlap check of protected land (生态保护红线, 永久基本农田, 山体保护名录,
 * 规划开采区): a verdict for a registered block against the current layer versions, with the versions used.
 * The production implementation adapts the protection feature's overlap service; it may read the database
 * on its own connection (it is called before the announce transaction takes its locks).
 */
@FunctionalInterface
public interface ClearanceCheck {
    Clearance check(UUID parcelId);

    /**
     * The verdict from an overlap check already made ({@code checked}, the one the compliance report states, or null),
     * so that the gate decides on what the report it stores says. Checks that are not the overlap service's ignore it.
     */
    default Clearance check(UUID parcelId, OverlapReport checked) {
        return check(parcelId);
    }

    /** Until an overlap check is wired in, nothing can be announced: the gate fails closed. */
    ClearanceCheck NONE = new ClearanceCheck() {
        @Override
        public Clearance check(UUID parcelId) {
            return new Clearance(Clearance.Verdict.UNAVAILABLE, "none", "no overlap check of protected land is configured in this server; "
                    + "a listing cannot be announced until one is", null, null);
        }

        @Override
        public String toString() {
            return "ClearanceCheck.NONE";
        }
    };
}
