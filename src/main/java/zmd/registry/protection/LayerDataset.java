package zmd.registry.protection;

import java.time.OffsetDateTime;

/** One import batch of a layer; {@code current} when it is the one checks read. */
public record LayerDataset(
        long id,
        LayerCode layer,
        String name,
        String source,
        String version,
        OffsetDateTime importedAt,
        String importedBy,
        int featureCount,
        boolean current) {
}
