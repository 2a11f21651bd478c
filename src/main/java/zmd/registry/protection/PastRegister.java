package zmd.registry.protection;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/** The register as it was at an instant (from the change log): what an overlap check as of that instant needs. */
public interface PastRegister {
    /** A block as it was: its geometry in EPSG:4490 and its status then. */
    record PastBlock(UUID id, String code, Geometry geometry, String status) {
    }

    /** The block at {@code at}; empty when it was not registered then (not yet, or deleted). */
    Optional<PastBlock> block(UUID id, OffsetDateTime at);

    /** The id of each layer's current dataset at {@code at}; a layer that had none then is absent. */
    Map<LayerCode, Long> currentDatasets(OffsetDateTime at);
}
