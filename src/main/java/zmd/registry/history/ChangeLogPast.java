package zmd.registry.history;

import static zmd.registry.db.generated.Tables.CHANGE_LOG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.PastRegister;

/**
 * The register as it was, read from the change log: a row at an instant is the after-image of its last entry at or
 * before it (transaction time), none when that entry deleted it. The log holds whole rows after each write, so no
 * replay of diffs is needed.
 */
public final class ChangeLogPast implements PastRegister {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public ChangeLogPast(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<PastBlock> block(UUID id, OffsetDateTime at) {
        String after = dsl.select(CHANGE_LOG.AFTER).from(CHANGE_LOG)
                .where(CHANGE_LOG.TABLE_NAME.eq("mine_parcel").and(CHANGE_LOG.ROW_KEY.eq(id.toString())).and(CHANGE_LOG.AT.le(at)))
                .orderBy(CHANGE_LOG.SEQ.desc()).limit(1).fetchOne(CHANGE_LOG.AFTER);
        if (after == null) {
            return Optional.empty();
        }
        JsonNode row = read(after);
        return Optional.of(new PastBlock(id, row.path("code").asText(null), geometry(row.path("geom").asText()), row.path("status").asText()));
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

    private static Geometry geometry(String hexEwkb) {
        try {
            return new WKBReader().read(HexFormat.of().parseHex(hexEwkb));
        } catch (ParseException | IllegalArgumentException e) {
            throw new IllegalStateException("a block image whose geometry is not EWKB", e);
        }
    }
}
