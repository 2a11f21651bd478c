package zmd.registry.history;

import static zmd.registry.db.generated.Tables.CHANGE_LOG;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import zmd.registry.db.PastRows;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.PastRegister;

/**
 * The register as it was, read from the change log: a row at an instant is the after-image of its last entry at or
 * before it, none when that entry deleted it. A block is rebuilt as the parcel repository rebuilds it ({@link PastRows});
 * a layer's current dataset is read from the layer's image.
 */
public final class ChangeLogPast implements PastRegister {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public ChangeLogPast(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<PastBlock> block(UUID id, OffsetDateTime at) {
        return dsl.select(MINE_PARCEL.CODE, MINE_PARCEL.GEOM, MINE_PARCEL.STATUS).from(PastRows.of(MINE_PARCEL, at, List.of(id)))
                .where(MINE_PARCEL.ID.eq(id)).fetchOptional(r -> new PastBlock(id, r.value1(), r.value2(), r.value3()));
    }

    @Override
    public Map<LayerCode, Long> currentDatasets(OffsetDateTime at) {
        Map<LayerCode, Long> out = new EnumMap<>(LayerCode.class);
        dsl.selectDistinct(CHANGE_LOG.ROW_KEY, CHANGE_LOG.AFTER).on(CHANGE_LOG.ROW_KEY).from(CHANGE_LOG)
                .where(CHANGE_LOG.TABLE_NAME.eq("layer").and(CHANGE_LOG.AT.le(at)))
                .orderBy(CHANGE_LOG.ROW_KEY, CHANGE_LOG.SEQ.desc())
                .forEach(r -> {
                    JsonNode current = r.value2() == null ? null : read(r.value2()).get("current_dataset_id");
                    if (current != null && current.canConvertToLong()) {
                        out.put(LayerCode.valueOf(r.value1()), current.asLong());
                    }
                });
        return out;
    }

    private static JsonNode read(String image) {
        try {
            return JSON.readTree(image);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a change log image that is not JSON", e);
        }
    }
}
