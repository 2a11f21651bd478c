package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.COUNTY;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.RESERVE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.core.FieldTable;
import zmd.registry.db.PastRows;
import zmd.registry.db.generated.tables.records.MineParcelRecord;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;

/**
 * SQL for mining-right blocks. Geometry is never selected with the rows; it is fetched per output shape. A repository
 * {@link #asOf(OffsetDateTime) as of an instant} reads the same columns from the block rows rebuilt from the change log
 * (named like the table, so every condition and shape applies unchanged).
 */
public final class ParcelRepository {
    private static final zmd.registry.db.generated.tables.MineParcel P = MINE_PARCEL;

    /** Every column but the geometries, which are read per output shape. */
    private static final List<SelectField<?>> COLUMNS = Arrays.stream(P.fields())
            .filter(f -> f.getType() != Geometry.class).<SelectField<?>>map(f -> f).toList();

    private final DSLContext dsl;
    /** What each MineParcel field reads of the row, so that a page reads only what its selection shows. */
    private final FieldTable<MineParcel> fields;
    /** The instant read, or null for the register now. */
    private final OffsetDateTime asOf;
    private final ParcelRows whole;

    public ParcelRepository(DSLContext dsl, FieldTable<MineParcel> fields) {
        this(dsl, fields, null);
    }

    private ParcelRepository(DSLContext dsl, FieldTable<MineParcel> fields, OffsetDateTime asOf) {
        this.dsl = dsl;
        this.fields = fields;
        this.asOf = asOf;
        this.whole = new ParcelRows(COLUMNS, asOf);
    }

    /** The blocks as they were at an instant (reads only). */
    public ParcelRepository asOf(OffsetDateTime at) {
        return new ParcelRepository(dsl, fields, at);
    }

    /** The rows read: the table, or the blocks (these ids, or all if null) as of the instant. */
    private Table<?> source(Collection<UUID> ids) {
        if (asOf == null) {
            return P;
        }
        return ids == null ? PastRows.all(P, asOf) : PastRows.of(P, asOf, ids);
    }

    /** Blocks PLANNED in the rows read; as of an instant, PLANNED then or now (its coordinates are sensitive either way). */
    private Condition planned() {
        Condition then = P.STATUS.eq(ParcelStatus.PLANNED.name());
        return asOf == null ? then : then.or(plannedNow());
    }

    /** The block of the row read is PLANNED in the register now. */
    public static Condition plannedNow() {
        zmd.registry.db.generated.tables.MineParcel now = MINE_PARCEL.as("block_now");
        return DSL.exists(DSL.selectOne().from(now).where(now.ID.eq(P.ID).and(now.STATUS.eq(ParcelStatus.PLANNED.name()))));
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Optional<MineParcel> byId(UUID id, Condition visible) {
        return dsl.select(COLUMNS).from(source(List.of(id))).where(P.ID.eq(id).and(visible)).fetchOptional(whole::read);
    }

    public Optional<MineParcel> byCode(String code, Condition visible) {
        return dsl.select(COLUMNS).from(source(null)).where(P.CODE.eq(code).and(visible)).fetchOptional(whole::read);
    }

    /** For other features (listings, overlap checks): many blocks in one statement, reading what the named fields need (all if null). */
    public Map<UUID, MineParcel> byIds(Collection<UUID> ids, Condition visible, Set<String> fields) {
        List<SelectField<?>> columns = columnsFor(fields, null);
        ParcelRows reader = new ParcelRows(columns, asOf);
        Map<UUID, MineParcel> out = new HashMap<>();
        dsl.select(columns).from(source(ids)).where(P.ID.in(ids).and(visible)).fetch().forEach(r -> {
            MineParcel p = reader.read(r);
            out.put(p.id(), p);
        });
        return out;
    }

    /**
     * A page of blocks and, per requested shape, their GeoJSON read in the same statement; {@code planned}, the PLANNED
     * blocks among them when GeoJSON was read (their coordinates are recorded in the access log).
     */
    public record Page(List<MineParcel> rows, Map<GeometryRequest, Map<UUID, Object>> geometries, Set<UUID> planned) {
    }

    public Page page(ParcelQuery q, Condition visible, ParcelSelection selection) {
        SortField<?>[] order = sortFields(q.order());
        Condition where = filter(q).and(visible);
        if (q.after() != null) {
            where = where.and(seek(q.order(), q.after()));
        }
        List<SelectField<?>> blockColumns = columnsFor(selection.fields(), q.order());
        ParcelRows reader = new ParcelRows(blockColumns, asOf);
        List<SelectField<?>> columns = new ArrayList<>(blockColumns);
        List<Field<byte[]>> shapes = new ArrayList<>();
        for (GeometryRequest request : selection.geometries()) {
            Field<byte[]> shape = geoJson(request).as("shape_" + shapes.size());
            shapes.add(shape);
            columns.add(shape);
        }
        List<MineParcel> rows = new ArrayList<>();
        Map<GeometryRequest, Map<UUID, Object>> geometries = new HashMap<>();
        Set<UUID> planned = new HashSet<>();
        if (!shapes.isEmpty()) {
            columns.add(planned().as("planned"));
        }
        dsl.select(columns).from(source(null)).where(where).orderBy(order).limit(q.first() + 1).fetch().forEach(r -> {
            MineParcel p = reader.read(r);
            rows.add(p);
            if (!shapes.isEmpty() && Boolean.TRUE.equals(r.get("planned"))) {
                planned.add(p.id());
            }
            for (int i = 0; i < shapes.size(); i++) {
                geometries.computeIfAbsent(selection.geometries().get(i), k -> new HashMap<>())
                        .put(p.id(), zmd.registry.core.GeoJson.of((byte[]) r.get(blockColumns.size() + i)));
            }
        });
        return new Page(rows, geometries, planned);
    }

    /** The id, the sort key (if any) and what the selected fields need; every column if a field is not known here. */
    private List<SelectField<?>> columnsFor(Set<String> selected, ParcelQuery.Order order) {
        Set<Field<?>> needed = fields.columns(selected, order == null ? List.of(P.ID) : List.of(P.ID, sortKey(order)));
        return needed == null ? COLUMNS : List.copyOf(needed);
    }

    private static Field<?> sortKey(ParcelQuery.Order order) {
        return switch (order) {
            case CODE_ASC -> P.CODE;
            case NAME_ASC -> P.NAME;
            case AREA_ASC, AREA_DESC -> P.AREA_M2;
            case CREATED_AT_DESC -> P.CREATED_AT;
            case UPDATED_AT_DESC -> P.UPDATED_AT;
        };
    }

    public long count(ParcelQuery q, Condition visible) {
        return dsl.fetchCount(source(null), filter(q).and(visible));
    }

    /** The values a cursor carries for a block under an ordering. */
    public static List<Object> cursorValues(ParcelQuery.Order order, MineParcel p) {
        Object key = switch (order) {
            case CODE_ASC -> p.code();
            case NAME_ASC -> p.name();
            case AREA_ASC, AREA_DESC -> p.areaM2();
            case CREATED_AT_DESC -> p.createdAt().toString();
            case UPDATED_AT_DESC -> p.updatedAt().toString();
        };
        return Arrays.asList(order.name(), key, p.id().toString());
    }

    private static SortField<?>[] sortFields(ParcelQuery.Order order) {
        return switch (order) {
            case CODE_ASC -> new SortField<?>[] {P.CODE.asc(), P.ID.asc()};
            case NAME_ASC -> new SortField<?>[] {P.NAME.asc(), P.ID.asc()};
            case AREA_ASC -> new SortField<?>[] {P.AREA_M2.asc(), P.ID.asc()};
            case AREA_DESC -> new SortField<?>[] {P.AREA_M2.desc(), P.ID.desc()};
            case CREATED_AT_DESC -> new SortField<?>[] {P.CREATED_AT.desc(), P.ID.desc()};
            case UPDATED_AT_DESC -> new SortField<?>[] {P.UPDATED_AT.desc(), P.ID.desc()};
        };
    }

    /** Whether a decoded cursor's key and id have the types {@link #seek} reads (a forged cursor may carry anything). */
    static boolean fits(ParcelQuery.Order order, List<?> after) {
        try {
            seek(order, after);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Keyset condition: rows strictly after the cursor in the ordering. {@code after} = [order, key, id]. */
    private static Condition seek(ParcelQuery.Order order, List<?> after) {
        UUID id = UUID.fromString((String) after.get(2));
        Object key = after.get(1);
        return switch (order) {
            case CODE_ASC -> DSL.row(P.CODE, P.ID).gt((String) key, id);
            case NAME_ASC -> DSL.row(P.NAME, P.ID).gt((String) key, id);
            case AREA_ASC -> DSL.row(P.AREA_M2, P.ID).gt(((Number) key).doubleValue(), id);
            case AREA_DESC -> DSL.row(P.AREA_M2, P.ID).lt(((Number) key).doubleValue(), id);
            case CREATED_AT_DESC -> DSL.row(P.CREATED_AT, P.ID).lt(OffsetDateTime.parse((String) key), id);
            case UPDATED_AT_DESC -> DSL.row(P.UPDATED_AT, P.ID).lt(OffsetDateTime.parse((String) key), id);
        };
    }

    private Condition filter(ParcelQuery q) {
        List<Condition> c = new ArrayList<>();
        if (q.countyCodes() != null) {
            c.add(P.COUNTY_CODE.in(q.countyCodes()));
        }
        if (q.statuses() != null) {
            c.add(P.STATUS.in(q.statuses()));
        }
        if (q.mineral() != null) {
            Table<?> reserves = asOf == null ? RESERVE : PastRows.of(RESERVE, DSL.val(asOf), DSL.array(P.ID));
            c.add(DSL.exists(DSL.selectOne().from(reserves)
                    .where(RESERVE.PARCEL_ID.eq(P.ID).and(RESERVE.MINERAL.contains(q.mineral())))));
        }
        if (q.minAreaM2() != null) {
            c.add(P.AREA_M2.ge(q.minAreaM2()));
        }
        if (q.maxAreaM2() != null) {
            c.add(P.AREA_M2.le(q.maxAreaM2()));
        }
        if (q.nameContains() != null) {
            c.add(P.NAME.containsIgnoreCase(q.nameContains()));
        }
        if (q.bbox() != null) {
            double[] b = q.bbox();
            c.add(Spatial.intersects(P.GEOM, Spatial.envelope(b[0], b[1], b[2], b[3], Crs.STORAGE_SRID)));
        }
        if (q.intersects() != null) {
            Geometry g = q.intersects();
            c.add(g.getSRID() == Crs.AREA_SRID
                    ? Spatial.intersects(P.GEOM_4547, Spatial.value(g))
                    : Spatial.intersects(P.GEOM, Spatial.transform(Spatial.value(g), Crs.STORAGE_SRID)));
        }
        if (q.overlap() != null) {
            c.add(q.overlap());
        }
        return DSL.and(c);
    }

    /** The block in the request's CRS, simplified in metres when asked. */
    private static Field<Geometry> shaped(GeometryRequest req) {
        Crs crs = req.crs();
        if (req.simplifyMetres() != null) {
            // Simplifying a one-part block gives a Polygon; the field is a MultiPolygon in every shape.
            Field<Geometry> simplified = Spatial.multi(Spatial.simplifyPreserveTopology(P.GEOM_4547, req.simplifyMetres()));
            return crs == Crs.EPSG_4547 ? simplified : Spatial.transform(simplified, crs.srid());
        }
        return switch (crs) {
            case EPSG_4490 -> P.GEOM;
            case EPSG_4547 -> P.GEOM_4547;
            default -> Spatial.transform(P.GEOM, crs.srid());
        };
    }

    /** GeoJSON options: the short CRS member for anything but EPSG:4326 (RFC 7946 has no crs member). */
    private static int geoJsonOptions(Crs crs) {
        return crs == Crs.EPSG_4326 ? 0 : 2;
    }

    private static Field<byte[]> geoJson(GeometryRequest req) {
        return Spatial.asGeoJson(shaped(req), req.precision(), geoJsonOptions(req.crs()));
    }

    /** Blocks' geometry in one shape, and which of them are PLANNED (whose coordinates the access log records). */
    public record Shapes(Map<UUID, Object> byId, Set<UUID> planned) {
    }

    /** Geometry output for many blocks in one statement, in one shape. */
    public Shapes geometries(Collection<UUID> ids, GeometryRequest req) {
        Crs crs = req.crs();
        Field<Geometry> base = shaped(req);
        int options = geoJsonOptions(crs);
        Field<?> value = switch (req.kind()) {
            case GEOJSON -> geoJson(req);
            case WKT -> Spatial.asText(base, req.precision());
            case CENTROID -> Spatial.asGeoJson(crs == Crs.EPSG_4547 ? Spatial.centroid(P.GEOM_4547)
                    : Spatial.transform(Spatial.centroid(P.GEOM_4547), crs.srid()), req.precision(), options);
            case BBOX -> DSL.array(Spatial.xMin(base), Spatial.yMin(base), Spatial.xMax(base), Spatial.yMax(base));
            case PROJECTED -> P.GEOM_4547;
        };
        Map<UUID, Object> out = new HashMap<>();
        Set<UUID> planned = new HashSet<>();
        dsl.select(P.ID, value, DSL.field(planned())).from(source(ids)).where(P.ID.in(ids)).fetch().forEach(r -> {
            Object v = r.value2();
            out.put(r.value1(), switch (req.kind()) {
                case GEOJSON, CENTROID -> zmd.registry.core.GeoJson.of((byte[]) v);
                case BBOX -> Arrays.asList((Double[]) v);
                default -> v;
            });
            if (Boolean.TRUE.equals(r.value3())) {
                planned.add(r.value1());
            }
        });
        return new Shapes(out, planned);
    }

    /** A parsed geometry moved into the storage CRS, with what PostGIS says about it. */
    public record Placement(Geometry storage, boolean valid, String invalidReason) {
    }

    public Placement toStorage(DSLContext tx, Geometry parsed) {
        Field<Geometry> g = Spatial.multi(Spatial.force2d(parsed.getSRID() == Crs.STORAGE_SRID
                ? Spatial.value(parsed) : Spatial.transform(Spatial.value(parsed), Crs.STORAGE_SRID)));
        Table<?> t = DSL.select(g.as("g")).asTable("t");
        Field<Geometry> geom = t.field("g", Spatial.GEOMETRY);
        Record r = tx.select(geom, Spatial.isValid(geom), Spatial.isValidReason(geom)).from(t).fetchSingle();
        return new Placement(r.get(geom), Boolean.TRUE.equals(r.get(1, Boolean.class)), r.get(2, String.class));
    }

    /** Whether the city's counties cover the geometry, and the counties it touches, largest share first. */
    public record Location(boolean insideCity, List<String> countyCodes) {
    }

    public Location locate(DSLContext tx, Geometry storage) {
        Field<Geometry> g = Spatial.value(storage);
        Field<Boolean> inside = DSL.field(Spatial.coveredBy(g, DSL.select(Spatial.union(COUNTY.BOUNDARY)).from(COUNTY).asField()));
        Field<String[]> touched = DSL.array(DSL.select(COUNTY.CODE).from(COUNTY)
                .where(Spatial.intersects(COUNTY.BOUNDARY, g))
                .orderBy(Spatial.area(Spatial.intersection(COUNTY.BOUNDARY, g)).desc()));
        Record r = tx.select(inside, touched).fetchSingle();
        return new Location(Boolean.TRUE.equals(r.get(0, Boolean.class)), Arrays.asList(r.get(1, String[].class)));
    }

    public UUID insert(DSLContext tx, MineParcelRecord values) {
        return tx.insertInto(P).set(values).returning(P.ID).fetchSingle(P.ID);
    }

    /** Updates the changed fields if {@code version} is current; returns rows updated (0 or 1). */
    public int update(DSLContext tx, UUID id, int version, MineParcelRecord changes) {
        changes.set(P.VERSION, version + 1);
        changes.set(P.UPDATED_AT, OffsetDateTime.now());
        return tx.update(P).set(changes).where(P.ID.eq(id).and(P.VERSION.eq(version))).execute();
    }

    public Geometry storedGeometry(DSLContext tx, UUID id) {
        return tx.select(P.GEOM).from(P).where(P.ID.eq(id)).fetchSingle(P.GEOM);
    }

    public Optional<Integer> currentVersion(DSLContext tx, UUID id) {
        return tx.select(P.VERSION).from(P).where(P.ID.eq(id)).fetchOptional(P.VERSION);
    }

    public boolean codeTaken(DSLContext tx, String code, UUID except) {
        Condition c = P.CODE.eq(code);
        if (except != null) {
            c = c.and(P.ID.ne(except));
        }
        return tx.fetchExists(P, c);
    }

    public boolean isEmpty() {
        return !dsl.fetchExists(P);
    }

    /** A block's status and version, unlocked (see {@link ParcelStatusMoves}). */
    public Optional<ParcelStatusMoves.State> statusState(DSLContext ctx, UUID id) {
        return ctx.select(P.ID, P.STATUS, P.VERSION).from(P).where(P.ID.eq(id))
                .fetchOptional(r -> new ParcelStatusMoves.State(r.value1(), r.value2(), r.value3()));
    }

    /** A block's status and version, its row locked FOR NO KEY UPDATE until commit (see {@link ParcelStatusMoves}). */
    public ParcelStatusMoves.State lockStatusState(DSLContext tx, UUID id) {
        return tx.select(P.ID, P.STATUS, P.VERSION).from(P).where(P.ID.eq(id))
                .forNoKeyUpdate().fetchSingle(r -> new ParcelStatusMoves.State(r.value1(), r.value2(), r.value3()));
    }

    /** Sets the status unless it is already that, bumping the version (see {@link ParcelStatusMoves}). */
    public void moveStatus(DSLContext tx, UUID id, String status) {
        tx.update(P)
                .set(P.STATUS, status)
                .set(P.VERSION, P.VERSION.plus(1))
                .set(P.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(P.ID.eq(id).and(P.STATUS.ne(status)))
                .execute();
    }
}
