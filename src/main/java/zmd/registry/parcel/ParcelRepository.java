package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.COUNTY;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.RESERVE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import zmd.registry.db.generated.tables.records.MineParcelRecord;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;

/** SQL for mining-right blocks. Geometry is never selected with the rows; it is fetched per output shape. */
public final class ParcelRepository {
    private static final zmd.registry.db.generated.tables.MineParcel P = MINE_PARCEL;

    /** Every column but the geometries. */
    private static final List<SelectField<?>> COLUMNS = List.of(P.ID, P.CODE, P.NAME, P.COUNTY_CODE, P.STATUS, P.BASIS,
            P.MINING_METHOD, P.ELEVATION_TOP_M, P.ELEVATION_BOTTOM_M, P.SERVICE_LIFE_YEARS, P.PLANNED_START_PRICE,
            P.PLANNED_LISTING, P.SOURCE_DOCUMENT, P.RESPONSIBLE_BODIES, P.GEOLOGY, P.PLAN_CONFORMITY_STATEMENT,
            P.STATED_CLEAR_OF_RED_LINE, P.STATED_CLEAR_OF_BASIC_FARMLAND, P.STATED_OUTSIDE_MOUNTAIN_LIST, P.MILESTONES, P.AREA_M2, P.GEOMETRY_NOTE, P.VERSION,
            P.CREATED_AT, P.UPDATED_AT);

    private final DSLContext dsl;

    public ParcelRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Optional<MineParcel> byId(UUID id, Condition visible) {
        return dsl.select(COLUMNS).from(P).where(P.ID.eq(id).and(visible)).fetchOptional(ParcelRepository::map);
    }

    public Optional<MineParcel> byCode(String code, Condition visible) {
        return dsl.select(COLUMNS).from(P).where(P.CODE.eq(code).and(visible)).fetchOptional(ParcelRepository::map);
    }

    /** For other features' loaders (listings, overlap checks): many blocks in one statement. */
    public Map<UUID, MineParcel> byIds(Collection<UUID> ids, Condition visible) {
        Map<UUID, MineParcel> out = new HashMap<>();
        dsl.select(COLUMNS).from(P).where(P.ID.in(ids).and(visible)).fetch(ParcelRepository::map).forEach(p -> out.put(p.id(), p));
        return out;
    }

    public List<MineParcel> page(ParcelQuery q, Condition visible) {
        SortField<?>[] order = sortFields(q.order());
        Condition where = filter(q).and(visible);
        if (q.after() != null) {
            where = where.and(seek(q.order(), q.after()));
        }
        return dsl.select(COLUMNS).from(P).where(where).orderBy(order).limit(q.first() + 1).fetch(ParcelRepository::map);
    }

    public long count(ParcelQuery q, Condition visible) {
        return dsl.fetchCount(P, filter(q).and(visible));
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

    private static Condition filter(ParcelQuery q) {
        List<Condition> c = new ArrayList<>();
        if (q.countyCodes() != null) {
            c.add(P.COUNTY_CODE.in(q.countyCodes()));
        }
        if (q.statuses() != null) {
            c.add(P.STATUS.in(q.statuses()));
        }
        if (q.mineral() != null) {
            c.add(DSL.exists(DSL.selectOne().from(RESERVE)
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

    /** Geometry output for many blocks in one statement, in one shape. */
    public Map<UUID, Object> geometries(Collection<UUID> ids, GeometryRequest req) {
        Crs crs = req.crs();
        Field<Geometry> base;
        if (req.simplifyMetres() != null) {
            Field<Geometry> simplified = Spatial.simplifyPreserveTopology(P.GEOM_4547, req.simplifyMetres());
            base = crs == Crs.EPSG_4547 ? simplified : Spatial.transform(simplified, crs.srid());
        } else {
            base = switch (crs) {
                case EPSG_4490 -> P.GEOM;
                case EPSG_4547 -> P.GEOM_4547;
                default -> Spatial.transform(P.GEOM, crs.srid());
            };
        }
        int options = crs == Crs.EPSG_4326 ? 0 : 2;
        Field<?> value = switch (req.kind()) {
            case GEOJSON -> Spatial.asGeoJson(base, req.precision(), options);
            case WKT -> Spatial.asText(base, req.precision());
            case CENTROID -> Spatial.asGeoJson(crs == Crs.EPSG_4547 ? Spatial.centroid(P.GEOM_4547)
                    : Spatial.transform(Spatial.centroid(P.GEOM_4547), crs.srid()), req.precision(), options);
            case BBOX -> DSL.array(Spatial.xMin(base), Spatial.yMin(base), Spatial.xMax(base), Spatial.yMax(base));
            case PROJECTED -> P.GEOM_4547;
        };
        Map<UUID, Object> out = new HashMap<>();
        dsl.select(P.ID, value).from(P).where(P.ID.in(ids)).fetch().forEach(r -> {
            Object v = r.value2();
            out.put(r.value1(), switch (req.kind()) {
                case GEOJSON, CENTROID -> new zmd.registry.graphql.GeoJson((String) v);
                case BBOX -> Arrays.asList((Double[]) v);
                default -> v;
            });
        });
        return out;
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

    private static MineParcel map(Record r) {
        String[] bodies = r.get(P.RESPONSIBLE_BODIES);
        return new MineParcel(r.get(P.ID), r.get(P.CODE), r.get(P.NAME), r.get(P.COUNTY_CODE), r.get(P.STATUS), r.get(P.BASIS),
                r.get(P.MINING_METHOD), r.get(P.ELEVATION_TOP_M), r.get(P.ELEVATION_BOTTOM_M), r.get(P.SERVICE_LIFE_YEARS),
                r.get(P.PLANNED_START_PRICE), r.get(P.PLANNED_LISTING), r.get(P.SOURCE_DOCUMENT),
                bodies == null ? List.of() : List.of(bodies), r.get(P.GEOLOGY), r.get(P.PLAN_CONFORMITY_STATEMENT),
                r.get(P.STATED_CLEAR_OF_RED_LINE), r.get(P.STATED_CLEAR_OF_BASIC_FARMLAND), r.get(P.STATED_OUTSIDE_MOUNTAIN_LIST),
                Milestones.read(r.get(P.MILESTONES)), r.get(P.AREA_M2), r.get(P.GEOMETRY_NOTE), r.get(P.VERSION),
                r.get(P.CREATED_AT), r.get(P.UPDATED_AT));
    }
}
