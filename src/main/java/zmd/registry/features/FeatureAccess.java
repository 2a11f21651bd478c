package zmd.registry.features;

import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * What reading a collection's geometry leaves in the access log: either every feature is of a protected layer
 * ({@code layer}, a LayerCode name), or the rows whose {@code planned} condition holds show the coordinates of the
 * PLANNED block {@code block}. The readers select it beside the geometry, so the log costs no extra query. Tiles
 * render their statements once with values inlined: {@code planned} must have no bind values.
 */
public record FeatureAccess(String layer, Field<UUID> block, Condition planned) {
    public static FeatureAccess layer(String code) {
        return new FeatureAccess(code, null, null);
    }

    public static FeatureAccess plannedBlocks(Field<UUID> block, Condition planned) {
        return new FeatureAccess(null, block, planned);
    }

    /** Per row: the block whose coordinates the row shows when that block is PLANNED, else null. */
    public Field<UUID> plannedBlock() {
        return DSL.when(planned, block).otherwise(DSL.castNull(block));
    }
}
