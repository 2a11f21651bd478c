package zmd.registry.protection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;
import zmd.registry.db.Changes;

/**
 * Purging a layer's old datasets (清理历史数据集): the register itself deletes nothing, so this is an explicit staff
 * operation, logged like any change (each dataset's DELETE entry, in one transaction). It never removes the current
 * dataset, nor one that a listing's announce evidence or a stored compliance report names: what the register once
 * decided on stays checkable.
 */
public final class DatasetPurge {
    /** Why a dataset imported before the instant was kept. */
    public enum KeptBecause {
        CURRENT, ANNOUNCE_EVIDENCE, COMPLIANCE_REPORT
    }

    public record Kept(LayerDataset dataset, Set<KeptBecause> reasons) {
    }

    public record Result(LayerCode layer, OffsetDateTime importedBefore, boolean dryRun, List<LayerDataset> purged, List<Kept> kept,
                         long featuresDeleted) {
    }

    private final LayerRepository layers;
    private final DatasetReferences announceEvidence;
    private final DatasetReferences complianceReports;

    public DatasetPurge(LayerRepository layers, DatasetReferences announceEvidence, DatasetReferences complianceReports) {
        this.layers = layers;
        this.announceEvidence = announceEvidence;
        this.complianceReports = complianceReports;
    }

    /** {@code Mutation.purgeLayerDatasets}: the layer's datasets imported before the instant, but those kept. */
    public Result purge(Caller caller, LayerCode layer, OffsetDateTime importedBefore, boolean dryRun) {
        caller.requireEditor("Purging layer datasets");
        if (importedBefore == null) {
            throw RegistryException.badInput("importedBefore", "importedBefore is required: datasets imported before it are purged");
        }
        return Changes.transaction(layers.dsl(), caller, "purgeLayerDatasets", tx -> {
            layers.lockLayer(tx, layer);
            List<LayerDataset> old = layers.importedBefore(tx, layer, importedBefore);
            List<Long> ids = old.stream().map(LayerDataset::id).toList();
            Set<Long> announced = announceEvidence.referenced(tx, ids);
            Set<Long> reported = complianceReports.referenced(tx, ids);
            List<LayerDataset> purged = new ArrayList<>();
            List<Kept> kept = new ArrayList<>();
            long features = 0;
            for (LayerDataset d : old) {
                Set<KeptBecause> why = EnumSet.noneOf(KeptBecause.class);
                if (d.current()) {
                    why.add(KeptBecause.CURRENT);
                }
                if (announced.contains(d.id())) {
                    why.add(KeptBecause.ANNOUNCE_EVIDENCE);
                }
                if (reported.contains(d.id())) {
                    why.add(KeptBecause.COMPLIANCE_REPORT);
                }
                if (why.isEmpty()) {
                    purged.add(d);
                    features += d.featureCount();
                } else {
                    kept.add(new Kept(d, why));
                }
            }
            if (!dryRun) {
                layers.deleteDatasets(tx, layer, purged.stream().map(LayerDataset::id).toList());
            }
            return new Result(layer, importedBefore, dryRun, purged, kept, features);
        });
    }
}
