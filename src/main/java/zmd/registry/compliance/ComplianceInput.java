package zmd.registry.compliance;

import java.time.Instant;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.county.County;
import zmd.registry.parcel.MineParcel;
import zmd.registry.protection.OverlapReport;
import zmd.registry.protection.OverlapRule;

/**
 * Everything a report says, as one typed snapshot: the block as it was at some instant, the overlap check of that
 * block against the datasets of that instant, and the features it met cut to the map's frame. The body is a pure
 * function of this (and the checker's version), so a snapshot of the past gives the report of the past.
 *
 * @param block          the block's row (its version and last change are in the report)
 * @param county         the block's county
 * @param blockGeometry  the block in EPSG:4547, as its corner-point table reads it
 * @param overlap        the check of all rules, for exactly this block geometry
 * @param mapFeatures    the features of {@code overlap} cut to {@link ComplianceBody#frame} of the block, for the figure
 * @param asOf           the instant checked; null for the register and datasets current when generated
 */
public record ComplianceInput(MineParcel block, County county, Geometry blockGeometry, OverlapReport overlap, List<MapFeature> mapFeatures,
                              Instant asOf) {

    /** One feature of a rule cut to the map frame, EPSG:4547. */
    public record MapFeature(OverlapRule rule, String featureId, Geometry inFrame) {
    }

    public ComplianceInput {
        mapFeatures = List.copyOf(mapFeatures);
    }
}
