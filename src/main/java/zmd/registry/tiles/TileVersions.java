package zmd.registry.tiles;

import static zmd.registry.db.generated.Tables.LAYER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import zmd.registry.access.Caller;
import zmd.registry.db.RenderedQuery;
import zmd.registry.geo.Spatial;

/**
 * The version of what a tile shows, as an entity tag, read by one cheap statement before the tile is rendered (so a
 * revalidation costs an index lookup, not a tile):
 * <ul>
 * <li>a protected layer by its current dataset id: datasets never change once imported, an import adds one and
 * switches to it;</li>
 * <li>blocks and listings by the count, the sum of the versions and the latest change time of the rows in the
 * tile's buffered box that the caller may see: every edit raises one version by one, a row moving in or out
 * changes the count or the sum.</li>
 * </ul>
 * The tag also covers the caller's view (staff see planned blocks and the layers; the same URL shows others less),
 * the tile's address and {@link #RULES}. It is read before the tile, so a concurrent edit can only make a tag
 * older than its tile (the next request then fetches again), never newer.
 */
public final class TileVersions {
    /** Changes with the rendering rules (properties, generalisation), so that caches drop tiles drawn by old ones. */
    static final String RULES = "tiles-1";
    private static final int MAX_STATEMENTS = 256;

    private final DSLContext dsl;
    private final TileRenderer renderer;
    private final Map<String, RenderedQuery> statements = new ConcurrentHashMap<>();

    /** @param renderer for the layers' rows as the tiles' statements read them */
    public TileVersions(DSLContext dsl, TileRenderer renderer) {
        this.dsl = dsl;
        this.renderer = renderer;
    }

    /**
     * A tile's tag, and the current dataset of each protected layer in it as the tag read it (layer id to dataset id,
     * absent when the layer has none).
     */
    public record Version(String etag, Map<String, Long> datasets) {
    }

    /**
     * The weak entity tag of the tile of these layers (those shown at its zoom) for this caller. Weak: the same rows
     * may come out of another plan in another order, making a tile that is the same map but not the same bytes.
     */
    public String etag(List<TileLayer> layers, Caller caller, TileAddress a) {
        return version(layers, caller, a).etag();
    }

    public Version version(List<TileLayer> layers, Caller caller, TileAddress a) {
        Map<String, Long> datasets = new java.util.HashMap<>();
        StringBuilder key = new StringBuilder(RULES).append('|').append(a).append('|').append(caller.isStaff() ? "staff" : "public");
        List<TileLayer> shown = layers.stream().filter(l -> l.shownAt(a)).toList();
        if (!shown.isEmpty()) {
            // Blocks' and listings' rows (no lookup: their conditions depend on the caller alone); layers read their dataset here.
            List<Condition> rows = new ArrayList<>();
            StringBuilder shape = new StringBuilder(a.tms().id());
            for (TileLayer l : shown) {
                Condition c = l.layer() != null ? DSL.noCondition() : renderer.rows(List.of(l), caller).get(0);
                rows.add(c);
                shape.append('|').append(l.id()).append(':').append(c);
            }
            RenderedQuery q = statements.get(shape.toString());
            if (q == null) {
                if (statements.size() >= MAX_STATEMENTS) {
                    statements.clear();
                }
                q = statements.computeIfAbsent(shape.toString(), k -> RenderedQuery.of(dsl, statement(shown, rows, a.tms())));
            }
            List<String> values = q.fetch(dsl, TileRenderer.values(a, 0), rs -> {
                List<String> out = new ArrayList<>();
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(rs.getString(i));
                }
                return out;
            });
            int f = 0;
            for (TileLayer l : shown) {
                if (l.layer() != null && values.get(f) != null) {
                    datasets.put(l.id(), Long.valueOf(values.get(f)));
                }
                key.append('|').append(l.id());
                for (int n = width(l); n > 0; n--) {
                    key.append(':').append(values.get(f++));
                }
            }
        }
        return new Version("W/\"" + hash(key.toString()) + '"', Map.copyOf(datasets));
    }

    private static int width(TileLayer l) {
        return l.layer() != null ? 1 : 1 + l.versions().size();
    }

    /** One row: per layer its current dataset, or the aggregates of the visible rows in the box. */
    private Select<?> statement(List<TileLayer> layers, List<Condition> rows, TileMatrixSet tms) {
        List<Table<?>> parts = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            parts.add(version(layers.get(i), rows.get(i), "v" + i));
        }
        return dsl.with(TileRenderer.bounds(tms)).select().from(parts);
    }

    private static Table<?> version(TileLayer l, Condition visible, String alias) {
        if (l.layer() != null) {
            return DSL.select(LAYER.CURRENT_DATASET_ID).from(LAYER).where(LAYER.CODE.eq(DSL.inline(l.layer().name()))).asTable(alias);
        }
        var c = l.collection();
        List<Field<?>> fields = new ArrayList<>();
        fields.add(DSL.count().as("n"));
        for (Field<?> v : l.versions()) {
            // Numbers are summed (an edit raises one by one); times keep their maximum.
            Field<?> agg = Number.class.isAssignableFrom(v.getType()) ? DSL.sum(v.cast(SQLDataType.BIGINT)) : DSL.max(v);
            fields.add(agg.cast(SQLDataType.VARCHAR).as("a" + fields.size()));
        }
        return DSL.select(fields).from(c.from(), TileRenderer.BOUNDS)
                .where(Spatial.bboxOverlaps(c.geometry(), TileRenderer.BOX)).and(visible).asTable(alias);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
