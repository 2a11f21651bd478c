package zmd.registry.protection;

import java.util.Collection;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Records elsewhere in the register that rely on a layer dataset and so keep it from being purged: a listing's
 * announce evidence, a stored compliance report. Implemented by the features that own them.
 */
@FunctionalInterface
public interface DatasetReferences {
    /** Of these dataset ids, the ones referenced, read in the caller's transaction. */
    Set<Long> referenced(DSLContext tx, Collection<Long> datasetIds);
}
