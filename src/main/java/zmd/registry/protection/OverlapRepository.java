package zmd.registry.protection;

import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.MOUNTAIN_PROTECTION_AREA;
import static zmd.registry.db.generated.Tables.PLANNED_MINING_ZONE;
import static zmd.registry.db.generated.Tables.RED_LINE_AREA;
import static zmd.registry.db.generated.Tables.RED_LINE_PIECE;

import java.time.OffsetDateTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record8;
import org.jooq.Record;
import org.jooq.Row2;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import zmd.registry.db.PastRows;
import zmd.registry.core.GeoJson;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Polygons;
import zmd.registry.geo.Spatial;
import zmd.registry.parcel.ParcelStatus;

/**
 * SQL of the overlap checks. A rule's statement only finds the candidates (features whose box meets a
 * block's box, through the GiST index) with their EPSG:4547 geometry; the exact areas are computed by
 * {@link OverlapService}. One statement per rule, whatever the number of blocks and features.
 */
public final class OverlapRepository {
    /** Blocks of these statuses no longer hold the ground: they are not "other mining rights". */
    static final List<String> INACTIVE_STATUSES = Arrays.stream(ParcelStatus.values()).filter(ParcelStatus::inactive).map(Enum::name).toList();

    private static final zmd.registry.db.generated.tables.MineParcel P = MINE_PARCEL;

    private final DSLContext dsl;

    public OverlapRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A block to check, in EPSG:4547. {@code id} is null for a proposed geometry; {@code planned}: its status is PLANNED. */
    record Block(UUID id, String code, Geometry geometry, boolean planned) {
    }

    /**
     * A feature (or, for red lines, one subdivided piece of one) whose box meets a block's box, as plain
     * coordinate arrays in EPSG:4547 ({@link Polygons}).
     */
    record Candidate(String featureId, String sourceId, String sourceIdProperty, String code, String name, String kind, Double featureAreaM2,
                     double[][][] polygons, Envelope envelope) {
        Geometry geometry() {
            return Polygons.toJts(polygons, FACTORY);
        }
    }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), Crs.AREA_SRID);

    public Map<UUID, Block> parcelBlocks(Collection<UUID> ids) {
        Map<UUID, Block> out = new HashMap<>();
        dsl.select(P.ID, P.CODE, P.GEOM_4547, P.STATUS.eq(ParcelStatus.PLANNED.name())).from(P).where(P.ID.in(ids))
                .fetch(r -> new Block(r.value1(), r.value2(), r.value3(), r.value4()))
                .forEach(b -> out.put(b.id(), b));
        return out;
    }

    /** A proposed geometry moved to EPSG:4547 by PostGIS, with whether it is still valid there. */
    record Projected(Geometry geometry, boolean valid, String invalidReason) {
    }

    Projected project(Geometry parsed) {
        Field<Geometry> v = Spatial.value(parsed);
        Field<Geometry> g = Spatial.multi(Spatial.force2d(parsed.getSRID() == Crs.AREA_SRID ? v : Spatial.transform(v, Crs.AREA_SRID)));
        var t = DSL.select(g.as("g")).asTable("t");
        Field<Geometry> geom = t.field("g", Spatial.GEOMETRY);
        Record r = dsl.select(geom, Spatial.isValid(geom), Spatial.isValidReason(geom)).from(t).fetchSingle();
        return new Projected(r.get(geom), Boolean.TRUE.equals(r.get(1, Boolean.class)), r.get(2, String.class));
    }

    /**
     * Candidates of one rule for all the given boxes (EPSG:4547), from one dataset (ignored for OTHER_MINING_RIGHT, whose
     * candidates are the blocks as of {@code asOf} when it is given).
     */
    List<Candidate> candidates(OverlapRule rule, Long datasetId, List<Envelope> boxes, OffsetDateTime asOf) {
        Select<Record8<String, String, String, String, String, String, Double, byte[]>> select = switch (rule) {
            case BASIC_FARMLAND -> dsl.select(FARMLAND_PATCH.ID.cast(SQLDataType.VARCHAR), FARMLAND_PATCH.SOURCE_ID, FARMLAND_PATCH.SOURCE_ID_PROPERTY, FARMLAND_PATCH.PATCH_CODE,
                            DSL.inline((String) null), FARMLAND_PATCH.LAND_CLASS, FARMLAND_PATCH.AREA_M2, Spatial.asEwkb(FARMLAND_PATCH.GEOM_4547))
                    .from(FARMLAND_PATCH)
                    .where(FARMLAND_PATCH.DATASET_ID.eq(datasetId).and(anyBox(FARMLAND_PATCH.GEOM_4547, boxes)));
            case RED_LINE -> dsl.select(RED_LINE_AREA.ID.cast(SQLDataType.VARCHAR), RED_LINE_AREA.SOURCE_ID, RED_LINE_AREA.SOURCE_ID_PROPERTY, RED_LINE_AREA.CODE, RED_LINE_AREA.NAME,
                            RED_LINE_AREA.CATEGORY, RED_LINE_AREA.AREA_M2, Spatial.asEwkb(RED_LINE_PIECE.GEOM_4547))
                    .from(RED_LINE_PIECE).join(RED_LINE_AREA).on(RED_LINE_AREA.ID.eq(RED_LINE_PIECE.RED_LINE_ID))
                    .where(RED_LINE_PIECE.DATASET_ID.eq(datasetId).and(anyBox(RED_LINE_PIECE.GEOM_4547, boxes)));
            case MOUNTAIN_PROTECTION -> dsl.select(MOUNTAIN_PROTECTION_AREA.ID.cast(SQLDataType.VARCHAR), MOUNTAIN_PROTECTION_AREA.SOURCE_ID, MOUNTAIN_PROTECTION_AREA.SOURCE_ID_PROPERTY, DSL.inline((String) null),
                            MOUNTAIN_PROTECTION_AREA.NAME, DSL.inline((String) null), DSL.inline((Double) null), Spatial.asEwkb(MOUNTAIN_PROTECTION_AREA.GEOM_4547))
                    .from(MOUNTAIN_PROTECTION_AREA)
                    .where(MOUNTAIN_PROTECTION_AREA.DATASET_ID.eq(datasetId).and(anyBox(MOUNTAIN_PROTECTION_AREA.GEOM_4547, boxes)));
            case PLANNED_ZONE -> dsl.select(PLANNED_MINING_ZONE.ID.cast(SQLDataType.VARCHAR), PLANNED_MINING_ZONE.SOURCE_ID, PLANNED_MINING_ZONE.SOURCE_ID_PROPERTY, PLANNED_MINING_ZONE.ZONE_CODE,
                            PLANNED_MINING_ZONE.PLAN_NAME, PLANNED_MINING_ZONE.PLAN_PERIOD, DSL.inline((Double) null), Spatial.asEwkb(PLANNED_MINING_ZONE.GEOM_4547))
                    .from(PLANNED_MINING_ZONE)
                    .where(PLANNED_MINING_ZONE.DATASET_ID.eq(datasetId).and(anyBox(PLANNED_MINING_ZONE.GEOM_4547, boxes)));
            case OTHER_MINING_RIGHT -> dsl.select(P.ID.cast(SQLDataType.VARCHAR), DSL.inline((String) null), DSL.inline((String) null), P.CODE, P.NAME, P.STATUS, P.AREA_M2, Spatial.asEwkb(P.GEOM_4547))
                    .from(asOf == null ? P : PastRows.all(P, asOf))
                    .where(P.STATUS.notIn(INACTIVE_STATUSES).and(anyBox(P.GEOM_4547, boxes)));
        };
        // Hundreds of rows per check: read the JDBC result directly rather than through jOOQ records.
        List<Candidate> out = new ArrayList<>();
        try (ResultSet rs = select.fetchResultSet()) {
            while (rs.next()) {
                double[][][] polygons = Polygons.fromWkb(rs.getBytes(8));
                double stored = rs.getDouble(7);
                Double area = rs.wasNull() ? null : stored;
                out.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        area, polygons, Polygons.envelope(polygons)));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading overlap candidates: " + e.getMessage(), e);
        }
        return out;
    }

    /** Index-assisted box test against any of the boxes (a BitmapOr of GiST scans). */
    private static Condition anyBox(Field<Geometry> g, List<Envelope> boxes) {
        List<Condition> any = new ArrayList<>(boxes.size());
        for (Envelope e : boxes) {
            any.add(Spatial.bboxOverlaps(g, Spatial.envelope(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), Crs.AREA_SRID)));
        }
        return DSL.or(any);
    }

    /** GeoJSON of EPSG:4547 geometries in one CRS and precision, in one statement. */
    List<GeoJson> geoJson(List<Geometry> geometries, Crs crs, int precision) {
        if (geometries.isEmpty()) {
            return List.of();
        }
        List<Row2<Integer, Geometry>> rows = new ArrayList<>(geometries.size());
        for (int i = 0; i < geometries.size(); i++) {
            rows.add(DSL.row(DSL.val(i), Spatial.value(geometries.get(i))));
        }
        var v = DSL.values(rows.toArray(Row2[]::new)).as("v", "i", "g");
        Field<Integer> i = v.field("i", Integer.class);
        // Geometry computed in Java carries no SRID of its own: these are all EPSG:4547.
        Field<Geometry> g = Spatial.setSrid(v.field("g", Spatial.GEOMETRY), Crs.AREA_SRID);
        // Always a MultiPolygon: an overlay may give a Polygon, a MultiPolygon or a collection with lines and points.
        Field<Geometry> polygons = Spatial.multi(Spatial.polygonalPart(g));
        Field<Geometry> out = crs == Crs.EPSG_4547 ? polygons : Spatial.transform(polygons, crs.srid());
        GeoJson[] json = new GeoJson[geometries.size()];
        dsl.select(i, Spatial.asGeoJson(out, precision, crs == Crs.EPSG_4326 ? 0 : 2)).from(v)
                .fetch()
                .forEach(r -> json[r.value1()] = new GeoJson(r.value2()));
        return List.of(json);
    }

    // ---- the parcel list filter: the same rules in SQL, as conditions on mine_parcel ----

    /** Blocks whose check of {@code rule} gives {@code verdict} with the current datasets. */
    Condition verdictCondition(OverlapRule rule, Verdict verdict, double toleranceM2) {
        Field<Long> current = rule.layer() == null ? null : LayerRepository.currentDatasetId(rule.layer());
        Condition hasData = current == null ? DSL.trueCondition() : current.isNotNull();
        return switch (verdict) {
            case NO_DATA -> current == null ? DSL.falseCondition() : current.isNull();
            case CONFLICT -> hasData.and(conflict(rule, current, toleranceM2));
            case CLEAR -> hasData.and(DSL.not(conflict(rule, current, toleranceM2)));
        };
    }

    private static Condition conflict(OverlapRule rule, Field<Long> ds, double tol) {
        Field<Geometry> block = P.GEOM_4547;
        return switch (rule) {
            case BASIC_FARMLAND -> overlapExists(FARMLAND_PATCH, FARMLAND_PATCH.GEOM_4547, FARMLAND_PATCH.DATASET_ID.eq(ds), block, tol);
            case MOUNTAIN_PROTECTION -> overlapExists(MOUNTAIN_PROTECTION_AREA, MOUNTAIN_PROTECTION_AREA.GEOM_4547,
                    MOUNTAIN_PROTECTION_AREA.DATASET_ID.eq(ds), block, tol);
            case RED_LINE -> DSL.exists(DSL.selectOne().from(RED_LINE_PIECE).where(RED_LINE_PIECE.DATASET_ID.eq(ds)
                            .and(Spatial.bboxOverlaps(RED_LINE_PIECE.GEOM_4547, block)))
                    .groupBy(RED_LINE_PIECE.RED_LINE_ID)
                    .having(DSL.sum(Spatial.overlapArea(RED_LINE_PIECE.GEOM_4547, block)).gt(java.math.BigDecimal.valueOf(tol))));
            case OTHER_MINING_RIGHT -> {
                var other = MINE_PARCEL.as("other");
                yield overlapExists(other, other.GEOM_4547, other.ID.ne(P.ID).and(other.STATUS.notIn(INACTIVE_STATUSES)), block, tol);
            }
            case PLANNED_ZONE -> Spatial.plannedZoneOutsideArea(block, ds).gt(tol);
        };
    }

    /** Whether a row of the table in scope overlaps the block by more than the tolerance (bounding boxes first). */
    private static Condition overlapExists(Table<?> table, Field<Geometry> geom, Condition scope, Field<Geometry> block, double tol) {
        return DSL.exists(DSL.selectOne().from(table).where(scope
                .and(Spatial.bboxOverlaps(geom, block))
                .and(Spatial.overlapArea(geom, block).gt(tol))));
    }
}
