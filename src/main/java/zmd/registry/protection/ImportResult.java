package zmd.registry.protection;

import java.util.List;

/**
 * What an import did. IMPORTED: the dataset is loaded and current. REJECTED: nothing was written, the
 * previous dataset stays current, and {@code problems} say which features and why (the first
 * {@link LayerImporter#MAX_LISTED}; {@code problemCount} counts them all).
 */
public record ImportResult(
        Status status,
        String message,
        LayerDataset dataset,
        Integer srid,
        int featuresRead,
        int featuresLoaded,
        List<FeatureProblem> problems,
        int problemCount,
        List<FeatureRepair> repairs,
        int repairCount,
        double seconds) {

    public enum Status { IMPORTED, REJECTED }

    /** A feature that cannot be loaded: its 0-based position in the file, the line it starts on, its id or code. */
    public record FeatureProblem(int index, Integer line, String featureId, String reason) {
    }

    /** A feature repaired with ST_MakeValid on request; {@code accepted} is false when the repair changed it too much. */
    public record FeatureRepair(int index, Integer line, String featureId, String reason, double areaBeforeM2, double areaAfterM2,
                                boolean accepted) {
    }

    public double featuresPerSecond() {
        return seconds > 0 ? featuresLoaded / seconds : 0;
    }
}
