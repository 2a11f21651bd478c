package zmd.registry.compliance;

import static zmd.registry.db.generated.Tables.COMPLIANCE_REPORT;
import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.MOUNTAIN_PROTECTION_AREA;
import static zmd.registry.db.generated.Tables.PLANNED_MINING_ZONE;
import static zmd.registry.db.generated.Tables.RED_LINE_AREA;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.db.PastRows;
import zmd.registry.db.generated.tables.records.ComplianceReportRecord;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;
import zmd.registry.protection.OverlapRule;

/**
 * The stored reports, and the features a report's map figure shows. Every write to {@code compliance_report} is
 * {@link #store}, called inside the caller's transaction.
 */
public final class ComplianceRepository {
    private final DSLContext dsl;

    public ComplianceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** A report as stored: the signed body byte for byte, and who first generated it when. */
    public record Stored(UUID id, UUID parcelId, int parcelVersion, Instant asOf, String body, String sha256, String signature,
                         String keyFingerprint, OffsetDateTime createdAt, String createdBy) {
    }

    /** A signed report to keep. */
    public record Signed(UUID parcelId, int parcelVersion, Instant asOf, String body, String sha256, String signature, String keyFingerprint) {
    }

    /**
     * Keeps {@code report} unless the same bytes, signed with the same key, are kept for the block already; returns
     * the row that holds them (the earlier one, then).
     */
    public Stored store(DSLContext tx, Signed report, String createdBy) {
        tx.insertInto(COMPLIANCE_REPORT)
                .set(COMPLIANCE_REPORT.PARCEL_ID, report.parcelId())
                .set(COMPLIANCE_REPORT.PARCEL_VERSION, report.parcelVersion())
                .set(COMPLIANCE_REPORT.AS_OF, report.asOf() == null ? null : report.asOf().atOffset(ZoneOffset.UTC))
                .set(COMPLIANCE_REPORT.BODY, report.body())
                .set(COMPLIANCE_REPORT.SHA256, report.sha256())
                .set(COMPLIANCE_REPORT.SIGNATURE, report.signature())
                .set(COMPLIANCE_REPORT.KEY_FINGERPRINT, report.keyFingerprint())
                .set(COMPLIANCE_REPORT.CREATED_BY, createdBy)
                .onConflict(COMPLIANCE_REPORT.PARCEL_ID, COMPLIANCE_REPORT.SHA256, COMPLIANCE_REPORT.KEY_FINGERPRINT).doNothing()
                .execute();
        return stored(tx.selectFrom(COMPLIANCE_REPORT).where(COMPLIANCE_REPORT.PARCEL_ID.eq(report.parcelId())
                .and(COMPLIANCE_REPORT.SHA256.eq(report.sha256())).and(COMPLIANCE_REPORT.KEY_FINGERPRINT.eq(report.keyFingerprint()))).fetchSingle());
    }

    public Optional<Stored> byId(UUID id) {
        return dsl.selectFrom(COMPLIANCE_REPORT).where(COMPLIANCE_REPORT.ID.eq(id)).fetchOptional().map(ComplianceRepository::stored);
    }

    private static Stored stored(ComplianceReportRecord r) {
        return new Stored(r.getId(), r.getParcelId(), r.getParcelVersion(), r.getAsOf() == null ? null : r.getAsOf().toInstant(), r.getBody(),
                r.getSha256(), r.getSignature(), r.getKeyFingerprint(), r.getCreatedAt(), r.getCreatedBy());
    }

    /** Of these layer datasets, those a stored report names (a purge keeps them). */
    public Set<Long> datasetsNamed(DSLContext tx, Collection<Long> datasetIds) {
        if (datasetIds.isEmpty()) {
            return Set.of();
        }
        Field<Long> id = DSL.field("({0} -> 'dataset' ->> 'id')::bigint", Long.class, DSL.field(DSL.name("rule", "value")));
        return tx.selectDistinct(id).from(COMPLIANCE_REPORT)
                .crossJoin(DSL.table("jsonb_array_elements({0}::jsonb -> 'rules')", COMPLIANCE_REPORT.BODY).as("rule"))
                .where(id.in(datasetIds)).fetchSet(id);
    }

    /**
     * The features of one rule cut to {@code frame} (EPSG:4547), by feature id as the overlap check names them. A
     * box clip, not an exact intersection: it is only drawn, and it stays cheap on red lines of many vertices. Other
     * blocks are drawn as they were at {@code asOf} when it is given.
     */
    public Map<String, Geometry> inFrame(OverlapRule rule, Long datasetId, Collection<String> featureIds, Envelope frame, OffsetDateTime asOf) {
        Map<String, Geometry> out = new HashMap<>();
        if (featureIds.isEmpty()) {
            return out;
        }
        Field<Geometry> box = Spatial.envelope(frame.getMinX(), frame.getMinY(), frame.getMaxX(), frame.getMaxY(), Crs.AREA_SRID);
        List<Long> numeric = rule == OverlapRule.OTHER_MINING_RIGHT ? List.of() : featureIds.stream().map(Long::valueOf).toList();
        Select<Record2<String, Geometry>> select = switch (rule) {
            case RED_LINE -> clip(RED_LINE_AREA.ID.cast(SQLDataType.VARCHAR), RED_LINE_AREA.GEOM_4547, box, RED_LINE_AREA,
                    RED_LINE_AREA.DATASET_ID.eq(datasetId).and(RED_LINE_AREA.ID.in(numeric)));
            case BASIC_FARMLAND -> clip(FARMLAND_PATCH.ID.cast(SQLDataType.VARCHAR), FARMLAND_PATCH.GEOM_4547, box, FARMLAND_PATCH,
                    FARMLAND_PATCH.DATASET_ID.eq(datasetId).and(FARMLAND_PATCH.ID.in(numeric)));
            case MOUNTAIN_PROTECTION -> clip(MOUNTAIN_PROTECTION_AREA.ID.cast(SQLDataType.VARCHAR), MOUNTAIN_PROTECTION_AREA.GEOM_4547, box,
                    MOUNTAIN_PROTECTION_AREA, MOUNTAIN_PROTECTION_AREA.DATASET_ID.eq(datasetId).and(MOUNTAIN_PROTECTION_AREA.ID.in(numeric)));
            case PLANNED_ZONE -> clip(PLANNED_MINING_ZONE.ID.cast(SQLDataType.VARCHAR), PLANNED_MINING_ZONE.GEOM_4547, box, PLANNED_MINING_ZONE,
                    PLANNED_MINING_ZONE.DATASET_ID.eq(datasetId).and(PLANNED_MINING_ZONE.ID.in(numeric)));
            case OTHER_MINING_RIGHT -> clip(MINE_PARCEL.ID.cast(SQLDataType.VARCHAR), MINE_PARCEL.GEOM_4547, box,
                    asOf == null ? MINE_PARCEL : PastRows.of(MINE_PARCEL, asOf, featureIds.stream().map(UUID::fromString).toList()),
                    MINE_PARCEL.ID.in(featureIds.stream().map(UUID::fromString).toList()));
        };
        select.fetch().forEach(r -> {
            if (r.value2() != null && !r.value2().isEmpty()) {
                out.put(r.value1(), r.value2());
            }
        });
        return out;
    }

    private Select<Record2<String, Geometry>> clip(Field<String> id, Field<Geometry> geom, Field<Geometry> box, org.jooq.Table<?> table,
                                                   Condition which) {
        Field<Geometry> clipped = DSL.function("ST_ClipByBox2D", Spatial.GEOMETRY, geom, box);
        return dsl.select(id, Spatial.setSrid(clipped, Crs.AREA_SRID)).from(table).where(which);
    }
}
