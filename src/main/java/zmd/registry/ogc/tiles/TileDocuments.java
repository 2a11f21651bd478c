package zmd.registry.ogc.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zmd.registry.tiles.TileLayer;
import zmd.registry.tiles.TileMatrixSet;

/**
 * The JSON documents of the tiles API: OGC TMS 2.0 tile matrix sets, OGC API – Tiles tileset lists and tileset
 * metadata (17-083r4 §9), and TileJSON 3.0.0 for MapLibre. {@code base} is the API's root URL (…/ogc), {@code tiles}
 * the tilesets' own path (…/ogc/tiles or …/ogc/collections/{id}/tiles).
 */
final class TileDocuments {
    static final String JSON = "application/json";
    static final String REL = "http://www.opengis.net/def/rel/ogc/1.0/";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private TileDocuments() {
    }

    static Map<String, Object> link(String rel, String type, String title, String href) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("rel", rel);
        if (type != null) {
            l.put("type", type);
        }
        if (title != null) {
            l.put("title", title);
        }
        l.put("href", href);
        return l;
    }

    static Map<String, Object> tileMatrixSets(String base) {
        List<Object> sets = new ArrayList<>();
        for (TileMatrixSet t : TileMatrixSet.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", t.id());
            s.put("title", t.title());
            if (t.uri() != null) {
                s.put("uri", t.uri());
            }
            s.put("crs", t.crsUri());
            s.put("links", List.of(link("self", JSON, t.id(), base + "/tileMatrixSets/" + t.id())));
            sets.add(s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("links", List.of(link("self", JSON, "Tile matrix sets", base + "/tileMatrixSets")));
        out.put("tileMatrixSets", sets);
        return out;
    }

    /** The full definition, every tile matrix 0 to MAX_ZOOM. */
    static Map<String, Object> tileMatrixSet(TileMatrixSet t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("title", t.title());
        if (t.uri() != null) {
            m.put("uri", t.uri());
        } else {
            m.put("description", "The layout of OGC WorldCRS84Quad (2 x 1 tiles of 180 degrees at level 0) in CGCS2000 geographic "
                    + "coordinates, EPSG:4490, as the national Tianditu c-grid; EPSG:4490 is latitude first, hence the order "
                    + "of pointOfOrigin. CGCS2000 and WGS 84 differ by centimetres.");
        }
        m.put("crs", t.crsUri());
        m.put("orderedAxes", t.orderedAxes());
        m.put("wellKnownScaleSet", t.wellKnownScaleSet());
        List<Object> matrices = new ArrayList<>();
        for (int z = 0; z <= TileMatrixSet.MAX_ZOOM; z++) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", Integer.toString(z));
            tm.put("scaleDenominator", t.scaleDenominator(z));
            tm.put("cellSize", t.cellSize(z));
            tm.put("cornerOfOrigin", "topLeft");
            tm.put("pointOfOrigin", t.pointOfOrigin());
            tm.put("tileWidth", TileMatrixSet.TILE_PIXELS);
            tm.put("tileHeight", TileMatrixSet.TILE_PIXELS);
            tm.put("matrixWidth", t.matrixWidth(z));
            tm.put("matrixHeight", t.matrixHeight(z));
            matrices.add(tm);
        }
        m.put("tileMatrices", matrices);
        return m;
    }

    /** The tilesets list: one vector tileset per tile matrix set. */
    static Map<String, Object> tilesets(String base, String tiles, String title) {
        List<Object> sets = new ArrayList<>();
        for (TileMatrixSet t : TileMatrixSet.values()) {
            Map<String, Object> s = summary(title, t);
            s.put("links", List.of(link("self", JSON, title + ", " + t.id(), tiles + "/" + t.id()),
                    link(REL + "tiling-scheme", JSON, t.id(), base + "/tileMatrixSets/" + t.id())));
            sets.add(s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("links", List.of(link("self", JSON, title, tiles)));
        out.put("tilesets", sets);
        return out;
    }

    private static Map<String, Object> summary(String title, TileMatrixSet t) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("title", title + " (" + t.id() + ")");
        s.put("dataType", "vector");
        s.put("crs", t.crsUri());
        if (t.uri() != null) {
            s.put("tileMatrixSetURI", t.uri());
        }
        return s;
    }

    /**
     * A tileset's metadata: the templated tile link ({tileMatrix}/{tileRow}/{tileCol}, i.e. z/y/x), the tiling scheme,
     * TileJSON for Web Mercator, the bounding box of the city, and the layers with their zooms and properties.
     */
    static Map<String, Object> tileset(String base, String tiles, String title, TileMatrixSet t, List<TileLayer> layers,
            double[] city, String geodata) {
        Map<String, Object> s = summary(title, t);
        String self = tiles + "/" + t.id();
        List<Object> links = new ArrayList<>();
        links.add(link("self", JSON, "This tileset", self));
        links.add(link(REL + "tiling-scheme", JSON, t.id(), base + "/tileMatrixSets/" + t.id()));
        Map<String, Object> item = link("item", TileEndpoints.MVT, "Mapbox vector tiles; the template is {tileMatrix}/{tileRow}/{tileCol}, z/y/x",
                self + "/{tileMatrix}/{tileRow}/{tileCol}");
        item.put("templated", true);
        links.add(item);
        if (t == TileMatrixSet.WEB_MERCATOR_QUAD) {
            links.add(link("describedby", JSON, "TileJSON 3.0.0 (MapLibre)", self + "/tilejson.json"));
        }
        if (geodata != null) {
            links.add(link(REL + "geodata", JSON, "The collection's features", geodata));
        }
        s.put("links", links);
        Map<String, Object> box = new LinkedHashMap<>();
        box.put("lowerLeft", new double[] {city[0], city[1]});
        box.put("upperRight", new double[] {city[2], city[3]});
        box.put("crs", CRS84);
        s.put("boundingBox", box);
        List<Object> ls = new ArrayList<>();
        for (TileLayer l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("title", l.collection().title());
            m.put("description", l.collection().description());
            m.put("dataType", "vector");
            m.put("geometryDimension", 2);
            m.put("minTileMatrix", Integer.toString(l.minZoom(t)));
            m.put("maxTileMatrix", Integer.toString(TileMatrixSet.MAX_ZOOM));
            m.put("propertiesSchema", propertiesSchema(l));
            m.put("links", List.of(link(REL + "geodata", JSON, l.collection().title(), base + "/collections/" + l.id())));
            ls.add(m);
        }
        s.put("layers", ls);
        return s;
    }

    private static Map<String, Object> propertiesSchema(TileLayer l) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (l.integerIds()) {
            props.put("id", Map.of("type", "integer", "title", "the feature id (the MVT feature's id)", "x-ogc-role", "id"));
        }
        for (TileLayer.Column c : l.columns()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", switch (c.type()) {
                case "Number" -> "number";
                case "Boolean" -> "boolean";
                default -> "string";
            });
            p.put("title", c.title());
            if (c.name().equals("id")) {
                p.put("x-ogc-role", "id");
            }
            props.put(c.name(), p);
        }
        return Map.of("type", "object", "properties", props);
    }

    /** TileJSON 3.0.0 of a Web Mercator tileset; {@code tiles} lists the z/y/x template MapLibre fills in. */
    static Map<String, Object> tileJson(String tiles, String name, String description, List<TileLayer> layers, double[] city) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("tilejson", "3.0.0");
        j.put("name", name);
        j.put("description", description);
        j.put("attribution", "驻马店市 mining-rights registry (demo layers are synthetic)");
        j.put("scheme", "xyz");
        j.put("tiles", List.of(tiles + "/" + TileMatrixSet.WEB_MERCATOR_QUAD.id() + "/{z}/{y}/{x}"));
        j.put("minzoom", layers.stream().mapToInt(l -> l.minZoom(TileMatrixSet.WEB_MERCATOR_QUAD)).min().orElse(0));
        j.put("maxzoom", TileMatrixSet.MAX_ZOOM);
        // No "bounds": they would stop MapLibre from asking for data just outside the (approximate) county boundaries.
        j.put("center", new double[] {(city[0] + city[2]) / 2, (city[1] + city[3]) / 2, 9});
        List<Object> vl = new ArrayList<>();
        for (TileLayer l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("description", l.collection().title());
            m.put("minzoom", l.minZoom(TileMatrixSet.WEB_MERCATOR_QUAD));
            m.put("maxzoom", TileMatrixSet.MAX_ZOOM);
            Map<String, String> fields = new LinkedHashMap<>();
            for (TileLayer.Column c : l.columns()) {
                fields.put(c.name(), c.type());
            }
            m.put("fields", fields);
            vl.add(m);
        }
        j.put("vector_layers", vl);
        return j;
    }
}
