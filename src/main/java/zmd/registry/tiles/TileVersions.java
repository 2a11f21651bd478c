package zmd.registry.tiles;

import static zmd.registry.db.generated.Tables.LAYER;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
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

    private final DSLContext dsl;

    public TileVersions(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The quoted strong entity tag of the tile of these layers (those shown at its zoom) for this caller. */
    public String etag(List<TileLayer> layers, Caller caller, TileAddress a) {
        StringBuilder key = new StringBuilder(RULES).append('|').append(a).append('|').append(caller.isStaff() ? "staff" : "public");
        List<TileLayer> shown = layers.stream().filter(l -> l.shownAt(a)).toList();
        if (!shown.isEmpty()) {
            List<Table<?>> parts = new ArrayList<>();
            for (int i = 0; i < shown.size(); i++) {
                parts.add(version(shown.get(i), caller, "v" + i));
            }
            Record r = dsl.with(TileRenderer.bounds(a, 0)).select().from(parts).fetchSingle();
            int f = 0;
            for (int i = 0; i < shown.size(); i++) {
                key.append('|').append(shown.get(i).id());
                for (int n = width(shown.get(i)); n > 0; n--) {
                    key.append(':').append(r.get(f++));
                }
            }
        }
        return '"' + hash(key.toString()) + '"';
    }

    private static int width(TileLayer l) {
        return l.layer() != null ? 1 : 1 + l.versions().size();
    }

    /** One row: the layer's current dataset, or the aggregates of the visible rows in the box. */
    private static Table<?> version(TileLayer l, Caller caller, String alias) {
        if (l.layer() != null) {
            return DSL.select(LAYER.CURRENT_DATASET_ID).from(LAYER).where(LAYER.CODE.eq(DSL.inline(l.layer().name()))).asTable(alias);
        }
        var c = l.collection();
        Field<Geometry> box = DSL.field(DSL.name("bounds", "box"), Spatial.GEOMETRY);
        List<Field<?>> fields = new ArrayList<>();
        fields.add(DSL.count().as("n"));
        for (Field<?> v : l.versions()) {
            // Numbers are summed (an edit raises one by one); times keep their maximum.
            Field<?> agg = Number.class.isAssignableFrom(v.getType()) ? DSL.sum(v.cast(SQLDataType.BIGINT)) : DSL.max(v);
            fields.add(agg.cast(SQLDataType.VARCHAR).as("a" + fields.size()));
        }
        return DSL.select(fields).from(c.from(), DSL.table(DSL.name("bounds")))
                .where(Spatial.bboxOverlaps(c.geometry(), box)).and(c.rows().apply(caller)).asTable(alias);
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
