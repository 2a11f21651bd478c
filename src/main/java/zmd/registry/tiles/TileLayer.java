package zmd.registry.tiles;

import static zmd.registry.db.generated.Tables.COUNTY;
import static zmd.registry.db.generated.Tables.LISTING;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import zmd.registry.auction.ListingFeatures;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureProperty;
import zmd.registry.parcel.ParcelFeatures;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.LayerFeatures;

/**
 * What one feature collection puts in a tile: its MVT layer (named by the collection id), the properties worth
 * styling and labelling by, computed in SQL, the zoom from which it is drawn, and what its tiles' version is read
 * from. Derived properties that exist only in Java are left out, except the county's name and the minerals, which
 * SQL computes here from the same columns.
 *
 * @param columns         the tile properties in order; {@code id} first for collections with UUID keys
 * @param integerIds      the key is an integer and becomes the MVT feature id (layer rows); else {@code id} is a string property
 * @param minMercatorZoom the WebMercatorQuad zoom below which the layer is left out of tiles (too dense to read)
 * @param layer           the protected layer a collection serves (its tiles change only with its current dataset), or null
 * @param versions        for collections edited row by row, the columns whose count, sum and maximum in a tile's box
 *                        change whenever a row there is edited, added or removed
 */
public record TileLayer(FeatureCollection collection, List<Column> columns, boolean integerIds, int minMercatorZoom, LayerCode layer,
                        List<Field<?>> versions) {

    /** A property in the tile; {@code type} as TileJSON names it: String, Number or Boolean. */
    public record Column(String name, Field<?> value, String type, String title) {
    }

    /** Basic farmland is a carpet of ~80 patches per km²: below z12 (a 10 km tile) it is unreadable and huge. */
    public static final int FARMLAND_MIN_ZOOM = 12;

    /** Draw order of the multi-layer tile, background first: areas under the blocks, then blocks, then their offers. */
    public static final List<String> ORDER = List.of(LayerFeatures.collectionId(LayerCode.PLANNED_ZONE),
            LayerFeatures.collectionId(LayerCode.MOUNTAIN_PROTECTION), LayerFeatures.collectionId(LayerCode.RED_LINE),
            LayerFeatures.collectionId(LayerCode.BASIC_FARMLAND), ParcelFeatures.COLLECTION, ListingFeatures.COLLECTION);

    /** The properties each known collection puts in its tiles: cheap, and what a map styles or labels by. */
    private static final Map<String, List<String>> PROPERTIES = Map.of(
            ParcelFeatures.COLLECTION, List.of("code", "name", "status", "countyCode", "county", "minerals", "miningMethod", "areaM2"),
            ListingFeatures.COLLECTION, List.of("parcelCode", "parcelName", "status", "method", "startPrice"),
            LayerFeatures.collectionId(LayerCode.RED_LINE), List.of("code", "name", "category", "areaM2"),
            LayerFeatures.collectionId(LayerCode.BASIC_FARMLAND), List.of("patchCode", "landClass", "areaM2"),
            LayerFeatures.collectionId(LayerCode.MOUNTAIN_PROTECTION), List.of("name"),
            LayerFeatures.collectionId(LayerCode.PLANNED_ZONE), List.of("zoneCode", "planName"));

    public String id() {
        return collection.id();
    }

    /** Whether the layer is drawn in a tile of this zoom (else it is left out, and its tile is empty). */
    public boolean shownAt(TileAddress a) {
        return a.mercatorZoom() >= minMercatorZoom;
    }

    /** The first level of a matrix set the layer is drawn at. */
    public int minZoom(TileMatrixSet tms) {
        return tms.fromMercatorZoom(minMercatorZoom);
    }

    public static TileLayer of(FeatureCollection c) {
        List<Column> columns = new ArrayList<>();
        boolean integerIds = c.key().getType() == Long.class || c.key().getType() == Integer.class;
        if (c.key().getType() == UUID.class) {
            columns.add(new Column("id", c.key().cast(SQLDataType.VARCHAR), "String", "the feature id"));
        } else if (!integerIds) {
            throw new IllegalStateException(c.id() + ": feature ids of type " + c.key().getType().getSimpleName());
        }
        List<String> names = PROPERTIES.get(c.id());
        for (FeatureProperty p : c.properties()) {
            if (names == null ? p.derive() == null : names.contains(p.name())) {
                column(c, p).ifPresent(columns::add);
            }
        }
        LayerCode layer = null;
        for (LayerCode code : LayerCode.values()) {
            if (LayerFeatures.collectionId(code).equals(c.id())) {
                layer = code;
            }
        }
        int minZoom = layer == LayerCode.BASIC_FARMLAND ? FARMLAND_MIN_ZOOM : 0;
        return new TileLayer(c, List.copyOf(columns), integerIds, minZoom, layer, versions(c));
    }

    /** The property as SQL gives it to ST_AsMVT: text, double or integer; empty for what a tile cannot carry. */
    private static Optional<Column> column(FeatureCollection c, FeatureProperty p) {
        Field<?> f = p.field();
        if (p.derive() != null) {
            if (p.name().equals("county") && c.property("countyCode").isPresent()) {
                Field<?> code = c.property("countyCode").get().field();
                return Optional.of(new Column("county", DSL.field(DSL.select(COUNTY.NAME).from(COUNTY).where(COUNTY.CODE.eq(code.cast(COUNTY.CODE)))),
                        "String", p.title()));
            }
            if (p.name().equals("minerals") && f.getType().isArray()) {
                return Optional.of(new Column(p.name(), DSL.function("array_to_string", SQLDataType.VARCHAR, f, DSL.inline(",")), "String",
                        p.title() + ", comma-separated"));
            }
            return Optional.empty();
        }
        return switch (p.type()) {
            case STRING, DATE -> Optional.of(new Column(p.name(), f.cast(SQLDataType.VARCHAR), "String", p.title()));
            case NUMBER -> Optional.of(new Column(p.name(), f.cast(SQLDataType.DOUBLE), "Number", p.title()));
            case INTEGER -> Optional.of(new Column(p.name(), f.cast(SQLDataType.BIGINT), "Number", p.title()));
            case BOOLEAN -> Optional.of(new Column(p.name(), f, "Boolean", p.title()));
            case TIMESTAMP, GEOMETRY -> Optional.empty();
        };
    }

    /** Blocks change by their version and time of change; a listing also with its block (whose geometry it shows). */
    private static List<Field<?>> versions(FeatureCollection c) {
        if (c.id().equals(ParcelFeatures.COLLECTION)) {
            return List.of(MINE_PARCEL.VERSION, MINE_PARCEL.UPDATED_AT);
        }
        if (c.id().equals(ListingFeatures.COLLECTION)) {
            return List.of(LISTING.VERSION, LISTING.UPDATED_AT, MINE_PARCEL.VERSION, MINE_PARCEL.UPDATED_AT);
        }
        return c.property("version").map(p -> List.<Field<?>>of(p.field())).orElse(List.of());
    }
}
