package zmd.registry.protection;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import zmd.registry.access.Caller;
import zmd.registry.parcel.ParcelFilter;

/** The parcel list's {@code overlap} filter: blocks by their overlap verdicts. Staff only, like the checks. */
public final class OverlapFilters {
    private final OverlapRepository repository;

    public OverlapFilters(OverlapRepository repository) {
        this.repository = repository;
    }

    /**
     * All the given conditions must hold. None given is no condition at all: then nothing protected is read, and the
     * list stays open to every caller.
     */
    public ParcelFilter.Criterion criterion(List<OverlapFilter> filters) {
        return filters.isEmpty() ? null : caller -> condition(caller, filters);
    }

    private Condition condition(Caller caller, List<OverlapFilter> filters) {
        caller.requireStaff("Filtering blocks by overlap verdict");
        List<Condition> all = new ArrayList<>();
        for (OverlapFilter f : filters) {
            all.add(repository.verdictCondition(f.rule(), f.verdict(), OverlapService.tolerance(f.toleranceM2())));
        }
        return DSL.and(all);
    }
}
