package zmd.registry.protection;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import zmd.registry.core.GeoJson;

/** The outcome of one overlap check; areas in m² computed in EPSG:4547. */
public record OverlapReport(
        Verdict verdict,
        List<RuleResult> rules,
        UUID parcelId,
        String parcelCode,
        double blockAreaM2,
        double toleranceM2,
        OffsetDateTime checkedAt,
        OffsetDateTime asOf) {

    /** 1 亩 = 10 000/15 m². */
    static double mu(double m2) {
        return m2 * 15 / 10_000;
    }

    public double blockAreaMu() {
        return mu(blockAreaM2);
    }

    public record RuleResult(
            OverlapRule rule,
            Verdict verdict,
            String summary,
            LayerDataset dataset,
            List<OverlapFeature> features,
            int conflictCount,
            double totalAreaM2,
            double totalSharePercent,
            double conflictAreaM2,
            Double outsideAreaM2,
            Double outsideSharePercent,
            Map<OutputShape, GeoJson> outsideGeometry) {

        public int featureCount() {
            return features.size();
        }

        public double totalAreaMu() {
            return mu(totalAreaM2);
        }

        public double conflictAreaMu() {
            return mu(conflictAreaM2);
        }

        public Double outsideAreaMu() {
            return outsideAreaM2 == null ? null : mu(outsideAreaM2);
        }
    }

    public record OverlapFeature(
            String id,
            String sourceId,
            String sourceIdProperty,
            String code,
            String name,
            String kind,
            double featureAreaM2,
            double areaM2,
            double sharePercent,
            boolean sliver,
            boolean whollyInside,
            Map<OutputShape, GeoJson> intersection) {

        public double areaMu() {
            return mu(areaM2);
        }
    }
}
