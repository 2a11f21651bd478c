package zmd.registry.protection;

import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.LAYER;
import static zmd.registry.db.generated.Tables.LAYER_DATASET;
import static zmd.registry.db.generated.Tables.MOUNTAIN_PROTECTION_AREA;
import static zmd.registry.db.generated.Tables.PLANNED_MINING_ZONE;
import static zmd.registry.db.generated.Tables.RED_LINE_AREA;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import zmd.registry.db.RequestBudget;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;
import zmd.registry.protection.ImportResult.FeatureProblem;
import zmd.registry.protection.ImportResult.FeatureRepair;

/** SQL for layers, their datasets and the import: staging, validation, repair, load, switch. */
public final class LayerRepository {
    /** Partitions of farmland_patch and import staging tables (see V11). */
    static final String PART_SCHEMA = "layer_part";

    /** Columns of an import's staging table (an unlogged table that lives only inside the import's transaction). */
    static final Field<Integer> IDX = DSL.field(DSL.name("idx"), SQLDataType.INTEGER);
    static final Field<Integer> LINE = DSL.field(DSL.name("line"), SQLDataType.INTEGER);
    static final Field<String> FID = DSL.field(DSL.name("fid"), SQLDataType.VARCHAR);
    static final Field<String> FID_PROPERTY = DSL.field(DSL.name("fid_property"), SQLDataType.VARCHAR);
    static final Field<String> C1 = DSL.field(DSL.name("c1"), SQLDataType.VARCHAR);
    static final Field<String> C2 = DSL.field(DSL.name("c2"), SQLDataType.VARCHAR);
    static final Field<String> C3 = DSL.field(DSL.name("c3"), SQLDataType.VARCHAR);
    static final Field<Geometry> GEOM = DSL.field(DSL.name("geom"), Spatial.GEOMETRY);
    /** Filled by a repair: what was wrong, and the area before it (EPSG:4547). */
    static final Field<String> REASON = DSL.field(DSL.name("reason"), SQLDataType.VARCHAR);
    static final Field<Double> AREA_BEFORE = DSL.field(DSL.name("area_before"), SQLDataType.DOUBLE);

    private final DSLContext dsl;

    public LayerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * The registry renders no schema names, but partitions and staging tables live in {@link #PART_SCHEMA}:
     * statements that name them render schemas (the generated tables have none, so they are unaffected).
     */
    private static DSLContext qualified(DSLContext tx) {
        return DSL.using(tx.configuration().deriveSettings(s -> s.withRenderSchema(true)));
    }

    /** The id of a layer's current dataset, as a subquery: null when it has none. */
    public static Field<Long> currentDatasetId(LayerCode layer) {
        return DSL.field(DSL.select(LAYER.CURRENT_DATASET_ID).from(LAYER).where(LAYER.CODE.eq(layer.name())));
    }

    /** The current dataset of every layer; layers with none are absent. */
    public Map<LayerCode, LayerDataset> currentDatasets() {
        Map<LayerCode, LayerDataset> out = new EnumMap<>(LayerCode.class);
        dsl.select(LAYER_DATASET.fields()).select(DSL.inline(true))
                .from(LAYER).join(LAYER_DATASET).on(LAYER_DATASET.ID.eq(LAYER.CURRENT_DATASET_ID))
                .fetch(LayerRepository::dataset)
                .forEach(d -> out.put(d.layer(), d));
        return out;
    }

    /** Every dataset of every layer, newest first. */
    public List<LayerDataset> allDatasets() {
        return dsl.select(LAYER_DATASET.fields()).select(LAYER.CURRENT_DATASET_ID.eq(LAYER_DATASET.ID))
                .from(LAYER_DATASET).join(LAYER).on(LAYER.CODE.eq(LAYER_DATASET.LAYER_CODE))
                .orderBy(LAYER_DATASET.IMPORTED_AT.desc(), LAYER_DATASET.ID.desc())
                .fetch(LayerRepository::dataset);
    }

    public LayerDataset dataset(DSLContext tx, long id) {
        return tx.select(LAYER_DATASET.fields()).select(LAYER.CURRENT_DATASET_ID.eq(LAYER_DATASET.ID))
                .from(LAYER_DATASET).join(LAYER).on(LAYER.CODE.eq(LAYER_DATASET.LAYER_CODE))
                .where(LAYER_DATASET.ID.eq(id))
                .fetchSingle(LayerRepository::dataset);
    }

    /** A dataset by id; empty once purged. */
    public java.util.Optional<LayerDataset> findDataset(long id) {
        return dsl.select(LAYER_DATASET.fields()).select(LAYER.CURRENT_DATASET_ID.eq(LAYER_DATASET.ID))
                .from(LAYER_DATASET).join(LAYER).on(LAYER.CODE.eq(LAYER_DATASET.LAYER_CODE))
                .where(LAYER_DATASET.ID.eq(id))
                .fetchOptional(LayerRepository::dataset);
    }

    private static LayerDataset dataset(Record r) {
        return new LayerDataset(r.get(LAYER_DATASET.ID), LayerCode.valueOf(r.get(LAYER_DATASET.LAYER_CODE)), r.get(LAYER_DATASET.NAME),
                r.get(LAYER_DATASET.SOURCE), r.get(LAYER_DATASET.VERSION), r.get(LAYER_DATASET.IMPORTED_AT), r.get(LAYER_DATASET.IMPORTED_BY),
                r.get(LAYER_DATASET.FEATURE_COUNT), Boolean.TRUE.equals(r.get(r.size() - 1, Boolean.class)));
    }

    // ---- import ----

    /**
     * A big import runs for minutes: lift the pool's per-statement limit for this transaction, and give
     * the bulk index builds memory.
     */
    void prepareImport(DSLContext tx) {
        // An import is a staff job that runs for minutes by design: no request budget, and reads may wait as long.
        RequestBudget.exemptCurrent();
        tx.connection(c -> c.setNetworkTimeout(Runnable::run, (int) Duration.ofHours(2).toMillis()));
        tx.execute("SET LOCAL statement_timeout = '2h'");
        tx.execute("SET LOCAL maintenance_work_mem = '512MB'");
    }

    /** Imports into one layer, and purges, run one after another: the layer row stays locked until the transaction ends. */
    void lockLayer(DSLContext tx, LayerCode layer) {
        tx.selectOne().from(LAYER).where(LAYER.CODE.eq(layer.name())).forUpdate().fetchSingle();
    }

    boolean versionTaken(DSLContext tx, LayerCode layer, String version) {
        return tx.fetchExists(LAYER_DATASET, LAYER_DATASET.LAYER_CODE.eq(layer.name()).and(LAYER_DATASET.VERSION.eq(version)));
    }

    long insertDataset(DSLContext tx, LayerCode layer, String name, String source, String version, String importedBy) {
        return tx.insertInto(LAYER_DATASET)
                .set(LAYER_DATASET.LAYER_CODE, layer.name())
                .set(LAYER_DATASET.NAME, name)
                .set(LAYER_DATASET.SOURCE, source)
                .set(LAYER_DATASET.VERSION, version)
                .set(LAYER_DATASET.IMPORTED_BY, importedBy)
                .returning(LAYER_DATASET.ID)
                .fetchSingle(LAYER_DATASET.ID);
    }

    /**
     * The staging table of an import. Unlogged and created inside the import's transaction: no WAL for
     * rows that are copied again at once, and it vanishes with a rollback.
     */
    Table<?> createStaging(DSLContext tx, long datasetId) {
        DSLContext q = qualified(tx);
        Table<?> staging = DSL.table(DSL.name(PART_SCHEMA, "import_" + datasetId));
        q.execute("CREATE UNLOGGED TABLE {0} (idx integer NOT NULL, line integer, fid text, fid_property text, c1 text, c2 text, c3 text, "
                + "geom geometry NOT NULL, reason text, area_before double precision)", staging);
        return staging;
    }

    /** The COPY statement that fills a staging table from the importer's stream. */
    String copySql(DSLContext tx, Table<?> staging) {
        DSLContext q = qualified(tx);
        return "COPY " + q.render(staging) + " (idx, line, fid, fid_property, c1, c2, c3, geom) FROM STDIN";
    }

    void dropStaging(DSLContext tx, Table<?> staging) {
        DSLContext q = qualified(tx);
        q.dropTable(staging).execute();
    }

    /** Staged geometry with its SRID, as it will be stored (EPSG:4490). */
    private static Field<Geometry> stored(Field<Geometry> staged, Crs crs) {
        Field<Geometry> g = Spatial.setSrid(staged, crs.srid());
        return Spatial.multi(crs.srid() == Crs.STORAGE_SRID ? g : Spatial.transform(g, Crs.STORAGE_SRID));
    }

    private static Field<Geometry> projected(Field<Geometry> staged, Crs crs) {
        Field<Geometry> g = Spatial.setSrid(staged, crs.srid());
        return crs == Crs.EPSG_4547 ? g : Spatial.transform(g, Crs.AREA_SRID);
    }

    /** Invalid in the source CRS, or (for projected sources) once moved to EPSG:4490. */
    private static Condition invalid(Crs crs) {
        Condition c = DSL.not(DSL.condition(Spatial.isValid(GEOM)));
        return crs.srid() == Crs.STORAGE_SRID || crs.geographic() ? c : c.or(DSL.not(DSL.condition(Spatial.isValid(stored(GEOM, crs)))));
    }

    /** Why PostGIS refuses the staged features (ST_IsValidReason), first {@code limit} by position, and how many in all. */
    Listed<FeatureProblem> invalidGeometries(DSLContext tx, Table<?> staging, Crs crs, int limit) {
        DSLContext q = qualified(tx);
        Field<Integer> total = DSL.count().over().as("total");
        Table<?> bad = q.select(IDX, LINE, FID, GEOM, total).from(staging).where(invalid(crs)).orderBy(IDX).limit(limit).asTable("bad");
        Field<Geometry> g = bad.field(GEOM);
        Field<String> reason = DSL.when(Spatial.isValid(g).isTrue(), DSL.inline("valid in EPSG:" + crs.srid() + " but not once moved to EPSG:4490: ")
                .concat(Spatial.isValidReason(stored(g, crs)))).otherwise(Spatial.isValidReason(g));
        List<FeatureProblem> rows = new ArrayList<>();
        int[] count = {0};
        q.select(bad.field(IDX), bad.field(LINE), bad.field(FID), reason, bad.field(total)).from(bad).orderBy(bad.field(IDX)).fetch()
                .forEach(r -> {
                    rows.add(new FeatureProblem(r.value1(), r.value2(), r.value3(), r.value4()));
                    count[0] = r.value5();
                });
        return new Listed<>(rows, count[0]);
    }

    /**
     * Repairs every invalid staged feature with ST_MakeValid (keeping its polygons), noting the reason and
     * the area before. Returns the repairs, refused ones first: a repair is refused when it leaves nothing
     * or changes the area (EPSG:4547) by more than {@code absoluteM2} or {@code relative} of it.
     */
    Repairs repair(DSLContext tx, Table<?> staging, Crs crs, double absoluteM2, double relative, int limit) {
        DSLContext q = qualified(tx);
        q.update(staging)
                .set(REASON, Spatial.isValidReason(GEOM))
                .set(AREA_BEFORE, Spatial.area(projected(GEOM, crs)))
                .set(GEOM, Spatial.multi(Spatial.polygonalPart(Spatial.makeValid(GEOM))))
                .where(invalid(crs))
                .execute();
        Field<Double> after = Spatial.area(projected(GEOM, crs)).as("after");
        Field<Boolean> empty = Spatial.isEmpty(GEOM).as("empty");
        Table<?> fixed = q.select(IDX, LINE, FID, REASON, AREA_BEFORE, after, empty).from(staging).where(REASON.isNotNull()).asTable("fixed");
        Field<Double> before = fixed.field(AREA_BEFORE);
        Field<Double> afterF = fixed.field(after);
        Condition refusedIf = fixed.field(empty).isTrue()
                .or(DSL.abs(afterF.minus(before)).gt(DSL.greatest(DSL.val(absoluteM2), DSL.abs(before).times(relative))));
        Field<Boolean> refused = DSL.field(refusedIf).as("refused");
        Field<Integer> total = DSL.count().over().as("total");
        Field<Integer> refusedTotal = DSL.count().filterWhere(refusedIf).over().as("refused_total");
        List<FeatureRepair> rows = new ArrayList<>();
        int[] counts = {0, 0};
        q.select(fixed.field(IDX), fixed.field(LINE), fixed.field(FID), fixed.field(REASON), before, afterF, refused, total, refusedTotal)
                .from(fixed)
                .orderBy(refused.desc(), fixed.field(IDX))
                .limit(limit)
                .fetch()
                .forEach(r -> {
                    rows.add(new FeatureRepair(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), !r.value7()));
                    counts[0] = r.value8();
                    counts[1] = r.value9();
                });
        return new Repairs(rows, counts[0], counts[1]);
    }

    /** The first rows of a list and the size of the whole list. */
    record Listed<T>(List<T> rows, int total) {
    }

    record Repairs(List<FeatureRepair> rows, int total, int refused) {
    }

    /** Moves the staged features into the layer's table under the new dataset; returns how many. */
    int load(DSLContext tx, LayerCode layer, Table<?> staging, long datasetId, Crs crs) {
        DSLContext q = qualified(tx);
        Field<Long> ds = DSL.val(datasetId);
        Field<Geometry> geom = stored(GEOM, crs);
        return switch (layer) {
            case RED_LINE -> q.insertInto(RED_LINE_AREA, RED_LINE_AREA.DATASET_ID, RED_LINE_AREA.SOURCE_ID, RED_LINE_AREA.SOURCE_ID_PROPERTY,
                            RED_LINE_AREA.CODE, RED_LINE_AREA.NAME, RED_LINE_AREA.CATEGORY, RED_LINE_AREA.GEOM)
                    .select(DSL.select(ds, FID, FID_PROPERTY, C1, C2, C3, geom).from(staging).orderBy(IDX)).execute();
            case MOUNTAIN_PROTECTION -> q.insertInto(MOUNTAIN_PROTECTION_AREA, MOUNTAIN_PROTECTION_AREA.DATASET_ID,
                            MOUNTAIN_PROTECTION_AREA.SOURCE_ID, MOUNTAIN_PROTECTION_AREA.SOURCE_ID_PROPERTY, MOUNTAIN_PROTECTION_AREA.NAME, MOUNTAIN_PROTECTION_AREA.GEOM)
                    .select(DSL.select(ds, FID, FID_PROPERTY, C1, geom).from(staging).orderBy(IDX)).execute();
            case PLANNED_ZONE -> q.insertInto(PLANNED_MINING_ZONE, PLANNED_MINING_ZONE.DATASET_ID, PLANNED_MINING_ZONE.SOURCE_ID,
                            PLANNED_MINING_ZONE.SOURCE_ID_PROPERTY, PLANNED_MINING_ZONE.ZONE_CODE, PLANNED_MINING_ZONE.PLAN_NAME, PLANNED_MINING_ZONE.PLAN_PERIOD, PLANNED_MINING_ZONE.GEOM)
                    .select(DSL.select(ds, FID, FID_PROPERTY, C1, C2, C3, geom).from(staging).orderBy(IDX)).execute();
            case BASIC_FARMLAND -> loadFarmland(q, staging, datasetId, geom);
        };
    }

    /**
     * Farmland goes into a partition of its own: filled while it has no index, indexed in bulk, then
     * attached ({@link #attachFarmlandPartition}).
     */
    private int loadFarmland(DSLContext tx, Table<?> staging, long datasetId, Field<Geometry> geom) {
        DSLContext q = qualified(tx);
        Table<?> part = createFarmlandPartition(tx, datasetId);
        int n = q.insertInto(part, FARMLAND_PATCH.DATASET_ID, FARMLAND_PATCH.SOURCE_ID, FARMLAND_PATCH.SOURCE_ID_PROPERTY, FARMLAND_PATCH.PATCH_CODE,
                        FARMLAND_PATCH.COUNTY_CODE, FARMLAND_PATCH.LAND_CLASS, FARMLAND_PATCH.GEOM)
                .select(DSL.select(DSL.val(datasetId), FID, FID_PROPERTY, C1, C2, C3, geom).from(staging).orderBy(IDX))
                .execute();
        attachFarmlandPartition(tx, part, datasetId);
        return n;
    }

    /** A new, unattached and unindexed partition for a farmland dataset, with the table's columns and CHECKs. */
    Table<?> createFarmlandPartition(DSLContext tx, long datasetId) {
        DSLContext q = qualified(tx);
        Table<?> part = DSL.table(DSL.name(PART_SCHEMA, "farmland_patch_d" + datasetId));
        q.execute("CREATE TABLE {0} (LIKE {1} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS)", part, FARMLAND_PATCH);
        return part;
    }

    /** COPY straight into a new farmland partition: EWKB in EPSG:4490; the table's CHECK validates each patch. */
    String farmlandCopySql(DSLContext tx, Table<?> part) {
        DSLContext q = qualified(tx);
        return "COPY " + q.render(part) + " (dataset_id, source_id, source_id_property, patch_code, county_code, land_class, geom) FROM STDIN";
    }

    /** Indexes the loaded partition in bulk and attaches it; the CHECK on the dataset lets ATTACH skip its scan. */
    void attachFarmlandPartition(DSLContext tx, Table<?> part, long datasetId) {
        DSLContext q = qualified(tx);
        q.execute("CREATE INDEX ON {0} USING gist (geom_4547)", part);
        q.execute("CREATE INDEX ON {0} USING gist (geom)", part);
        q.execute("ALTER TABLE {0} ADD PRIMARY KEY (dataset_id, id)", part);
        q.execute("ALTER TABLE {0} ADD CONSTRAINT {1} CHECK (dataset_id = {2})", part,
                DSL.name("farmland_patch_d" + datasetId + "_dataset"), DSL.inline(datasetId));
        q.execute("ALTER TABLE {0} ATTACH PARTITION {1} FOR VALUES IN ({2})", FARMLAND_PATCH, part, DSL.inline(datasetId));
    }

    // ---- purge ----

    /**
     * Holds these datasets until the transaction ends (FOR KEY SHARE: a purge's DELETE of one waits for it); false if
     * one of them is gone (purged since it was read).
     */
    boolean hold(DSLContext tx, java.util.Collection<Long> ids) {
        return ids.isEmpty() || tx.select(LAYER_DATASET.ID).from(LAYER_DATASET).where(LAYER_DATASET.ID.in(ids)).forKeyShare().fetch().size() == ids.size();
    }

    /** The layer's datasets imported before an instant, oldest first. */
    List<LayerDataset> importedBefore(DSLContext tx, LayerCode layer, OffsetDateTime before) {
        return tx.select(LAYER_DATASET.fields()).select(LAYER.CURRENT_DATASET_ID.eq(LAYER_DATASET.ID))
                .from(LAYER_DATASET).join(LAYER).on(LAYER.CODE.eq(LAYER_DATASET.LAYER_CODE))
                .where(LAYER_DATASET.LAYER_CODE.eq(layer.name()).and(LAYER_DATASET.IMPORTED_AT.lt(before)))
                .orderBy(LAYER_DATASET.IMPORTED_AT, LAYER_DATASET.ID)
                .fetch(LayerRepository::dataset);
    }

    /**
     * Deletes datasets with their features (logged: the dataset rows' entries name their feature counts). A farmland
     * dataset's partition is dropped whole rather than emptied row by row; its rows in the default partition, if any,
     * and other layers' features go with the dataset row (ON DELETE CASCADE).
     */
    void deleteDatasets(DSLContext tx, LayerCode layer, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        if (layer == LayerCode.BASIC_FARMLAND) {
            DSLContext q = qualified(tx);
            for (long id : ids) {
                q.execute("DROP TABLE IF EXISTS {0}", DSL.table(DSL.name(PART_SCHEMA, "farmland_patch_d" + id)));
            }
        }
        tx.deleteFrom(LAYER_DATASET).where(LAYER_DATASET.ID.in(ids)).execute();
    }

    void makeCurrent(DSLContext tx, LayerCode layer, long datasetId, int featureCount) {
        tx.update(LAYER_DATASET).set(LAYER_DATASET.FEATURE_COUNT, featureCount).where(LAYER_DATASET.ID.eq(datasetId)).execute();
        tx.update(LAYER).set(LAYER.CURRENT_DATASET_ID, datasetId).where(LAYER.CODE.eq(layer.name())).execute();
    }
}
