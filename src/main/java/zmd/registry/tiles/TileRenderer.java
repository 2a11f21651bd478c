package zmd.registry.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record5;
import org.jooq.Select;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.db.RenderedQuery;
import zmd.registry.features.FeatureAccess;
import zmd.registry.features.FeatureCrs;
import zmd.registry.geo.Spatial;

/**
 * Mapbox Vector Tiles written by PostGIS, one statement per tile: a {@code bounds} row (the tile's envelope in its
 * CRS, and the buffered envelope in EPSG:4490 that rows are found by, through the GiST index of the stored
 * geometry), then one {@code ST_AsMVT} scalar subquery per layer, joined with {@code ||}. Each statement shape (layers,
 * their visibility, matrix set, level) is rendered once ({@link RenderedQuery}); tiles differ in named parameters.
 *
 * <p>Generalisation, so that low zooms stay small and legible (see docs/tiles.md). A "pixel" is 1/512 of the tile's
 * width, as MapLibre and OpenLayers draw vector tiles 512 CSS pixels wide; at level {@code g} it is 2^g of those:
 * <ul>
 * <li>rows whose bounding box is smaller than a pixel both ways are dropped in the WHERE clause (they would be a dot);
 * <li>geometries are simplified (Douglas–Peucker) by half a pixel in EPSG:4490 before they are projected, on top of
 * ST_AsMVTGeom's own half-cell simplification and snapping to the 4096 grid; geometries of more than
 * {@value #BIG_GEOMETRY} points (red lines of 20 000 vertices) are first clipped to the buffered tile;
 * <li>basic farmland is left out below {@link TileLayer#FARMLAND_MIN_ZOOM} ({@link TileLayer#shownAt}).
 * </ul>
 * A tile is never more than {@value #MAX_BYTES} bytes: one that comes out larger is rendered again at a coarser level
 * (pixel doubled per level); from level {@value #LIMIT_LEVEL} each layer also keeps only its largest features
 * (halving in number per level), and past that the tile is empty.
 */
public final class TileRenderer {
    public static final int EXTENT = 4096;
    /** Pixels of the 4096 grid a geometry reaches past the tile edge, so that strokes join across tiles. */
    public static final int BUFFER = 64;
    public static final int MAX_BYTES = 500 * 1024;
    /** Display pixels across a tile. */
    static final int PIXELS = 512;
    static final int BIG_GEOMETRY = 256;
    /** From this level on, each layer keeps at most {@link #LIMIT_FEATURES} >> (level - LIMIT_LEVEL) features. */
    static final int LIMIT_LEVEL = 6;
    static final int LIMIT_FEATURES = 512;
    /** The level at which the limit reaches 0: the tile is empty. */
    static final int EMPTY_LEVEL = LIMIT_LEVEL + Integer.numberOfTrailingZeros(LIMIT_FEATURES) + 1;
    private static final int MAX_STATEMENTS = 256;

    private static final Field<Geometry> ENV = DSL.field(DSL.name("bounds", "env"), Spatial.GEOMETRY);
    static final Field<Geometry> BOX = DSL.field(DSL.name("bounds", "box"), Spatial.GEOMETRY);
    private static final Field<Double> PX_W = DSL.field(DSL.name("bounds", "px_w"), SQLDataType.DOUBLE);
    private static final Field<Double> PX_H = DSL.field(DSL.name("bounds", "px_h"), SQLDataType.DOUBLE);
    static final Table<?> BOUNDS = DSL.table(DSL.name("bounds"));

    private final DSLContext dsl;
    private final Map<String, RenderedQuery> statements = new ConcurrentHashMap<>();

    public TileRenderer(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A rendered tile, the generalisation level it took to stay within {@link #MAX_BYTES}, and the PLANNED blocks
     * whose shapes it holds (for the access log).
     */
    public record Tile(byte[] bytes, int level, Set<UUID> plannedBlocks) {
    }

    /**
     * The rows each layer may show this caller ({@code FeatureCollection.pinnedRows}), read once per tile and as SQL with its
     * values inlined, so that statements can be rendered once per visibility: a layer's condition names its current
     * dataset, which it looks up (on its own connection) when asked.
     */
    public List<Condition> rows(List<TileLayer> layers, Caller caller) {
        return layers.stream().map(l -> DSL.condition(inlined(l.collection().pinnedRows().apply(caller)))).toList();
    }

    /** A condition's SQL with its values written in. */
    String inlined(Condition c) {
        return dsl.renderInlined(c);
    }

    /** The tile of these layers (those shown at its zoom), as small as {@link #MAX_BYTES} requires. */
    public Tile render(List<TileLayer> layers, List<Condition> rows, TileAddress a) {
        int level = 0;
        while (!layers.isEmpty() && level < EMPTY_LEVEL) {
            zmd.registry.db.RequestBudget.check();
            Tile tile = render(layers, rows, a, level);
            byte[] bytes = tile.bytes();
            if (bytes.length <= MAX_BYTES) {
                return tile;
            }
            // Each level doubles the pixel, so removes much more than half of a dense layer: step by the quarters
            // of the overshoot, not its halves, to avoid emptying a tile that only needed one step.
            level += Math.max(1, (int) Math.ceil(Math.log((double) bytes.length / MAX_BYTES) / Math.log(4)));
        }
        return new Tile(new byte[0], level, Set.of());
    }

    /** The tile at one generalisation level, whatever its size (for tests). */
    public byte[] render(List<TileLayer> layers, Caller caller, TileAddress a, int level) {
        return render(layers, rows(layers, caller), a, level).bytes();
    }

    private Tile render(List<TileLayer> layers, List<Condition> rows, TileAddress a, int level) {
        if (layers.isEmpty()) {
            return new Tile(new byte[0], level, Set.of());
        }
        StringBuilder key = new StringBuilder(a.tms().id()).append('/').append(level);
        for (int i = 0; i < layers.size(); i++) {
            key.append('|').append(layers.get(i).id()).append(':').append(rows.get(i));
        }
        RenderedQuery q = statements.get(key.toString());
        if (q == null) {
            if (statements.size() >= MAX_STATEMENTS) {
                statements.clear();
            }
            q = statements.computeIfAbsent(key.toString(), k -> RenderedQuery.of(dsl, statement(layers, rows, a.tms(), level)));
        }
        Map<String, Object> values = values(a, level);
        for (int i = 0; i < layers.size() && level >= LIMIT_LEVEL; i++) {
            values.put("limit" + i, LIMIT_FEATURES >> (level - LIMIT_LEVEL));
        }
        return q.fetch(dsl, values, rs -> {
            if (!rs.next()) {
                return new Tile(new byte[0], level, Set.of());
            }
            byte[] bytes = rs.getBytes(1);
            Set<UUID> planned = new HashSet<>();
            for (int column = 2; column <= rs.getMetaData().getColumnCount(); column++) {
                java.sql.Array ids = rs.getArray(column);
                if (ids != null) {
                    planned.addAll(Arrays.asList((UUID[]) ids.getArray()));
                }
            }
            return new Tile(bytes == null ? new byte[0] : bytes, level, planned);
        });
    }

    /**
     * The one statement of a tile of {@code tms} at {@code level}, each layer limited to its {@code rows}: the tile,
     * then per layer that can show PLANNED blocks, their ids among the rows drawn (before the last resort's limit).
     */
    public Select<Record> statement(List<TileLayer> layers, List<Condition> rows, TileMatrixSet tms, int level) {
        List<Field<byte[]>> parts = new ArrayList<>();
        List<Field<?>> planned = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            parts.add(layer(layers.get(i), rows.get(i), tms, level, i));
            FeatureAccess access = layers.get(i).collection().access();
            if (access != null && access.block() != null) {
                planned.add(plannedBlocks(layers.get(i), rows.get(i), access).as("planned" + i));
            }
        }
        List<Field<?>> out = new ArrayList<>();
        out.add(MvtSql.concat(parts).as("tile"));
        out.addAll(planned);
        return dsl.with(bounds(tms)).select(out);
    }

    /** The PLANNED blocks among a layer's rows in the tile (an array, null for none): what the access log records. */
    private static Field<UUID[]> plannedBlocks(TileLayer layer, Condition visible, FeatureAccess access) {
        Field<Geometry> g = layer.collection().geometry();
        return DSL.field(DSL.select(DSL.arrayAggDistinct(access.block())).from(layer.collection().from(), BOUNDS)
                .where(Spatial.bboxOverlaps(g, BOX)).and(visible).and(bigEnough(g)).and(access.planned()));
    }

    /** Rows at least a pixel wide or high: smaller ones would be a dot. */
    private static Condition bigEnough(Field<Geometry> g) {
        return MvtSql.width(g).ge(PX_W).or(MvtSql.height(g).ge(PX_H));
    }

    /**
     * The tile's one row of geometry: {@code env} for ST_AsMVTGeom in the tile's CRS; {@code box}, the envelope
     * grown by the buffer, in EPSG:4490 (a Web Mercator rectangle is a lon/lat rectangle, so its four corners
     * transform exactly); the pixel's width and height in degrees; and {@link MvtSql#serialPlan()}. Parameters: z, x,
     * y and zb, xb, yb (the same tile; each name is bound once), px and py (pixels per tile width, per level).
     */
    static CommonTableExpression<Record5<Geometry, Geometry, Double, Double, String>> bounds(TileMatrixSet tms) {
        Table<?> e = DSL.select(MvtSql.tileEnvelope(tms, "", 0).as("env"),
                toStorage(MvtSql.tileEnvelope(tms, "b", (double) BUFFER / EXTENT), tms).as("box")).asTable("e");
        Field<Geometry> env = e.field("env", Spatial.GEOMETRY);
        Field<Geometry> lonLat = toStorage(env, tms);
        Field<Double> pxW = Spatial.xMax(lonLat).minus(Spatial.xMin(lonLat)).times(DSL.param("px", SQLDataType.DOUBLE));
        Field<Double> pxH = Spatial.yMax(lonLat).minus(Spatial.yMin(lonLat)).times(DSL.param("py", SQLDataType.DOUBLE));
        return DSL.name("bounds").fields("env", "box", "px_w", "px_h", "serial")
                .as(DSL.select(env, e.field("box", Spatial.GEOMETRY), pxW, pxH, MvtSql.serialPlan()).from(e));
    }

    /** The values of {@link #bounds}' parameters for a tile at a level. */
    static Map<String, Object> values(TileAddress a, int level) {
        Map<String, Object> v = new HashMap<>();
        int z = a.tms().envelopeZoom(a.z());
        double perPixel = Math.pow(2, Math.min(level, LIMIT_LEVEL - 1)) / PIXELS;
        for (String suffix : new String[] {"", "b"}) {
            v.put("z" + suffix, z);
            v.put("x" + suffix, (int) a.x());
            v.put("y" + suffix, (int) a.y());
        }
        v.put("px", perPixel);
        v.put("py", perPixel);
        return v;
    }

    private static Field<Geometry> toStorage(Field<Geometry> g, TileMatrixSet tms) {
        return tms.srid() == FeatureCrs.STORAGE.srid() ? g : Spatial.transform(g, FeatureCrs.STORAGE.srid());
    }

    /** One layer's ST_AsMVT over the rows in the tile's box that the caller may see and that are big enough. */
    private static Field<byte[]> layer(TileLayer layer, Condition visible, TileMatrixSet tms, int level, int i) {
        var c = layer.collection();
        Field<Geometry> g = c.geometry();
        Field<Geometry> clipped = DSL.when(MvtSql.nPoints(g).gt(DSL.inline(BIG_GEOMETRY)), MvtSql.clipByBox(g, BOX)).otherwise(g);
        // Half a pixel: Douglas–Peucker's tolerance is a distance from the chord, so a ring a pixel across survives it.
        Field<Geometry> simplified = MvtSql.simplify(clipped, DSL.least(PX_W, PX_H).div(DSL.inline(2.0)));
        Field<Geometry> projected = tms.srid() == FeatureCrs.STORAGE.srid() ? simplified : Spatial.transform(simplified, tms.srid());
        List<Field<?>> fields = new ArrayList<>();
        fields.add(MvtSql.asMvtGeom(projected, ENV, EXTENT, BUFFER).as("geom"));
        if (layer.integerIds()) {
            fields.add(c.key().as("id"));
        }
        for (TileLayer.Column col : layer.columns()) {
            // Quoted: camelCase names would fold to lower case (the project renders names unquoted by default).
            fields.add(col.value().as(DSL.quotedName(col.name())));
        }
        SelectConditionStep<Record> rows = DSL.select(fields).from(c.from(), BOUNDS)
                .where(Spatial.bboxOverlaps(g, BOX)).and(visible).and(bigEnough(g));
        Table<?> t;
        if (level >= LIMIT_LEVEL) {
            // The last resort keeps the largest features: what stays legible when a tile cannot hold everything.
            Field<Double> area = MvtSql.width(g).times(MvtSql.height(g));
            t = rows.orderBy(area.desc()).limit(DSL.param("limit" + i, SQLDataType.INTEGER)).asTable("t" + i);
        } else {
            t = rows.asTable("t" + i);
        }
        return DSL.field(DSL.select(MvtSql.asMvt(t, layer.id(), EXTENT, "geom", layer.integerIds() ? "id" : null)).from(t));
    }
}
