package zmd.registry.protection;

/**
 * A rule's outcome. NO_DATA: the rule's layer has no current dataset, so nothing can be said; it is never
 * taken for CLEAR. Overall: CONFLICT if any rule conflicts, else NO_DATA if any rule lacks data, else CLEAR.
 */
public enum Verdict {
    CLEAR,
    CONFLICT,
    NO_DATA;

    static Verdict overall(Iterable<Verdict> rules) {
        Verdict out = CLEAR;
        for (Verdict v : rules) {
            if (v == CONFLICT) {
                return CONFLICT;
            }
            if (v == NO_DATA) {
                out = NO_DATA;
            }
        }
        return out;
    }
}
