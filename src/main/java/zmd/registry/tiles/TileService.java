package zmd.registry.tiles;

import static zmd.registry.db.generated.Tables.COUNTY;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.features.FeatureCatalog;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureCrs;
import zmd.registry.geo.Spatial;

/**
 * Vector tiles of the feature collections, whatever protocol serves them: which collections a caller gets as
 * layers, the tiles' entity tags and the tiles themselves. Visibility is the collections' own: a staff-only
 * collection is FORBIDDEN alone and simply absent from the multi-layer tile.
 */
public final class TileService {
    private final FeatureCatalog catalog;
    private final DSLContext dsl;
    private final TileRenderer renderer;
    private final TileVersions versions;
    /** Every collection's tile layer, in the multi-layer tile's order ({@link TileLayer#ORDER}, then the others). */
    private final Map<String, TileLayer> layers = new LinkedHashMap<>();
    private volatile double[] cityBounds;
    private final Map<String, Condition> verifiedRows = new java.util.concurrent.ConcurrentHashMap<>();

    public TileService(FeatureCatalog catalog, DSLContext dsl) {
        this.catalog = catalog;
        this.dsl = dsl;
        this.renderer = new TileRenderer(dsl);
        this.versions = new TileVersions(dsl, renderer);
        // The catalog is fixed when the registry is built; the system caller sees every collection of it.
        List<FeatureCollection> all = new ArrayList<>(catalog.visibleTo(Caller.SYSTEM));
        all.sort(Comparator.comparingInt(c -> TileLayer.ORDER.contains(c.id()) ? TileLayer.ORDER.indexOf(c.id()) : TileLayer.ORDER.size()));
        for (FeatureCollection c : all) {
            layers.put(c.id(), TileLayer.of(c));
        }
    }

    /** The layer of one collection: NOT_FOUND for an unknown id, FORBIDDEN for a staff-only one and another caller. */
    public TileLayer layer(Caller caller, String collectionId) {
        return layers.get(catalog.get(caller, collectionId).id());
    }

    /** The layers of the multi-layer tile for this caller, in their fixed order. */
    public List<TileLayer> layers(Caller caller) {
        return layers.values().stream().filter(l -> l.collection().visibleTo(caller)).toList();
    }

    /** A tile's entity tag and, unless the client's copy is still current, the tile (null then). */
    public record Answer(String etag, TileRenderer.Tile tile) {
    }

    /**
     * The tag, then the tile unless {@code current} says the client has it. In this order: the tag first, then the
     * layers' rows (their current datasets), so that the tag is never newer than the tile; each is one statement on
     * one connection at a time.
     */
    public Answer answer(List<TileLayer> layers, Caller caller, TileAddress a, Predicate<String> current) {
        List<TileLayer> shown = layers.stream().filter(l -> l.shownAt(a)).toList();
        TileVersions.Version v = versions.version(shown, caller, a);
        if (current.test(v.etag())) {
            return new Answer(v.etag(), null);
        }
        List<Condition> rows = new ArrayList<>();
        for (TileLayer l : shown) {
            rows.add(rows(l, caller, v.datasets().get(l.id())));
        }
        TileRenderer.Tile tile = renderer.render(shown, rows, a);
        recordAccess(shown, caller, a, tile);
        return new Answer(v.etag(), tile);
    }

    /** The access log's share of a tile: the protected layers it draws features of, in the tile's box, and its PLANNED blocks. */
    private static void recordAccess(List<TileLayer> shown, Caller caller, TileAddress a, TileRenderer.Tile tile) {
        caller.readPlannedBlocks(tile.plannedBlocks());
        Set<String> drawn = tile.bytes().length == 0 ? Set.of() : MvtLayers.names(tile.bytes());
        double[] b = a.lonLatBounds();
        for (TileLayer l : shown) {
            if (l.layer() != null && drawn.contains(l.id())) {
                caller.readLayer(l.layer().name(), new Envelope(b[0], b[2], b[1], b[3]), FeatureCrs.STORAGE.srid());
            }
        }
        caller.readDetail("tile " + a + (shown.size() == 1 ? " of " + shown.getFirst().id() : ""));
    }

    /**
     * A collection's rows for this caller. A protected layer's are its current dataset's, which its pinnedRows() looks up
     * on every call (a query, a quarter of the server's time on a farmland tile); so once pinnedRows() has been seen to
     * give exactly {@code dataset_id = D} for the dataset D the tag read, that condition is used for D again. The
     * tag and the tile then agree on the dataset by construction. Any other condition is asked for every time.
     */
    private Condition rows(TileLayer l, Caller caller, Long dataset) {
        String key = l.id() + '/' + caller.isStaff() + '/' + dataset;
        Condition known = dataset == null ? null : verifiedRows.get(key);
        if (known != null) {
            return known;
        }
        Condition c = renderer.rows(List.of(l), caller).get(0);
        Field<?> column = l.collection().from().field("dataset_id");
        if (dataset != null && column != null && c.toString().equals(DSL.condition(renderer.inlined(
                column.coerce(Long.class).eq(DSL.inline(dataset)))).toString())) {
            if (verifiedRows.size() > 64) {
                verifiedRows.clear();
            }
            verifiedRows.put(key, c);
        }
        return c;
    }

    public TileRenderer.Tile render(List<TileLayer> layers, Caller caller, TileAddress a) {
        return answer(layers, caller, a, etag -> false).tile();
    }

    /**
     * West, south, east, north (EPSG:4490) of the city's counties: where a map of the registry starts. Tile
     * metadata uses it rather than the collections' extents, which for a million farmland patches take a scan.
     */
    public double[] cityBounds() {
        double[] b = cityBounds;
        if (b == null) {
            Field<Geometry> e = Spatial.extent(COUNTY.BOUNDARY);
            Record r = dsl.select(Spatial.xMin(e), Spatial.yMin(e), Spatial.xMax(e), Spatial.yMax(e)).from(COUNTY).fetchSingle();
            b = r.get(0) == null ? new double[] {113.3, 32.3, 115.2, 33.6}
                    : new double[] {r.get(0, Double.class), r.get(1, Double.class), r.get(2, Double.class), r.get(3, Double.class)};
            cityBounds = b;
        }
        return b.clone();
    }
}
