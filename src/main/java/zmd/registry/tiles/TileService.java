package zmd.registry.tiles;

import static zmd.registry.db.generated.Tables.COUNTY;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.features.FeatureCatalog;
import zmd.registry.features.FeatureCollection;
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

    public TileService(FeatureCatalog catalog, DSLContext dsl) {
        this.catalog = catalog;
        this.dsl = dsl;
        this.renderer = new TileRenderer(dsl);
        this.versions = new TileVersions(dsl);
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

    public String etag(List<TileLayer> layers, Caller caller, TileAddress a) {
        return versions.etag(layers, caller, a);
    }

    public TileRenderer.Tile render(List<TileLayer> layers, Caller caller, TileAddress a) {
        return renderer.render(layers, caller, a);
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
