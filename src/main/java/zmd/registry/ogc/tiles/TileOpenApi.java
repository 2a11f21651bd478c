package zmd.registry.ogc.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zmd.registry.tiles.TileMatrixSet;

/** OpenAPI 3.0 path items of the tiles API, relative to the API's root; parameters inline, so they merge anywhere. */
final class TileOpenApi {
    private TileOpenApi() {
    }

    static Map<String, Object> paths(List<String> collectionIds) {
        Map<String, Object> collectionId = param("collectionId", "a feature collection (staff-only ones answer 403 to others)",
                Map.of("type", "string", "enum", collectionIds));
        Map<String, Object> tms = param("tileMatrixSetId", "the tiling scheme", Map.of("type", "string", "enum", TileMatrixSet.ids()));
        Map<String, Object> z = param("tileMatrix", "zoom level z, 0 to " + TileMatrixSet.MAX_ZOOM,
                Map.of("type", "string", "pattern", "^[0-9]{1,2}$"));
        Map<String, Object> y = param("tileRow", "row y, from the top, 0 to matrixHeight - 1", Map.of("type", "integer", "minimum", 0));
        Map<String, Object> x = param("tileCol", "column x, from the west, 0 to matrixWidth - 1", Map.of("type", "integer", "minimum", 0));
        String tiles = "/collections/{collectionId}/tiles";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("/tileMatrixSets", get("getTileMatrixSetsList", "The tile matrix sets (tiling schemes) of the tiles", List.of(),
                json("the list of tile matrix sets")));
        out.put("/tileMatrixSets/{tileMatrixSetId}", get("getTileMatrixSet", "A tile matrix set (OGC TMS 2.0 JSON)", List.of(tms),
                json("the tile matrix set"), "404"));
        out.put("/tiles", get("getDatasetVectorTileSetsList", "The tilesets of all collections as one multi-layer tile", List.of(),
                json("the tilesets")));
        out.put("/tiles/{tileMatrixSetId}", get("getDatasetVectorTileSet", "Metadata of the multi-layer tileset", List.of(tms),
                json("the tileset metadata"), "404"));
        out.put("/tiles/{tileMatrixSetId}/tilejson.json", get("getDatasetTileJson", "TileJSON 3.0.0 of the multi-layer tileset "
                + "(WebMercatorQuad only)", List.of(tms), json("TileJSON"), "404"));
        out.put("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", get("getDatasetVectorTile", "A multi-layer vector "
                + "tile: one layer per collection the caller may see, staff-only layers omitted for others", List.of(tms, z, y, x),
                mvt(), "304", "400", "404"));
        out.put(tiles, get("getCollectionVectorTileSetsList", "The tilesets of a collection", List.of(collectionId),
                json("the tilesets"), "403", "404"));
        out.put(tiles + "/{tileMatrixSetId}", get("getCollectionVectorTileSet", "Metadata of a collection's tileset",
                List.of(collectionId, tms), json("the tileset metadata"), "403", "404"));
        out.put(tiles + "/{tileMatrixSetId}/tilejson.json", get("getCollectionTileJson", "TileJSON 3.0.0 of a collection's tileset "
                + "(WebMercatorQuad only)", List.of(collectionId, tms), json("TileJSON"), "403", "404"));
        out.put(tiles + "/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", get("getCollectionVectorTile", "A vector tile of one "
                + "collection: one layer named by the collection id", List.of(collectionId, tms, z, y, x), mvt(), "304", "400", "403", "404"));
        return out;
    }

    private static Map<String, Object> param(String name, String description, Map<String, Object> schema) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", "path");
        p.put("required", true);
        p.put("description", description);
        p.put("schema", schema);
        return p;
    }

    private static Map<String, Object> get(String operationId, String summary, List<Map<String, Object>> params, Map<String, Object> ok,
            String... errors) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", ok);
        for (String e : errors) {
            responses.put(e, switch (e) {
                case "304" -> Map.of("description", "not modified: the tile's ETag matches If-None-Match");
                case "400" -> error("a tile matrix, row or column outside the tile matrix set, or not an integer");
                case "403" -> error("the collection is for staff: send a staff key as Authorization: Bearer <key> (or as a basic password)");
                default -> error("unknown collection or tile matrix set");
            });
        }
        responses.put("401", error("the Authorization key is not valid"));
        responses.put("429", error("too many requests; retry after Retry-After seconds"));
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of("Vector tiles"));
        op.put("operationId", operationId);
        op.put("summary", summary);
        op.put("parameters", new ArrayList<>(params));
        op.put("responses", responses);
        return Map.of("get", op);
    }

    private static Map<String, Object> json(String description) {
        return Map.of("description", description, "content", Map.of(TileDocuments.JSON, Map.of("schema", Map.of("type", "object"))));
    }

    private static Map<String, Object> mvt() {
        Map<String, Object> headers = Map.of(
                "ETag", Map.of("description", "the version of what the tile shows", "schema", Map.of("type", "string")),
                "Cache-Control", Map.of("description", "public, max-age=60 for what anyone may see; private, no-cache for staff",
                        "schema", Map.of("type", "string")));
        return Map.of("description", "a Mapbox Vector Tile (extent 4096), at most 500 KB; empty where there is nothing to draw",
                "headers", headers,
                "content", Map.of(TileEndpoints.MVT, Map.of("schema", Map.of("type", "string", "format", "binary"))));
    }

    private static Map<String, Object> error(String description) {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("errors", Map.of("type", "array", "items",
                Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string"),
                        "extensions", Map.of("type", "object", "properties", Map.of("code", Map.of("type", "string"))))))));
        return Map.of("description", description, "content", Map.of(TileDocuments.JSON, Map.of("schema", schema)));
    }
}
