package zmd.registry.ogc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureCrs;
import zmd.registry.features.FeatureQuery;
import zmd.registry.features.Queryable;

/** The OpenAPI 3.0 document of the OGC API: every path served and every parameter it takes, nothing else. */
final class OpenApiDocument {
    private OpenApiDocument() {
    }

    static Map<String, Object> build(String base, List<FeatureCollection> collections, Map<String, Object> morePaths) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Zhumadian mining-rights registry: OGC API", "version", "1.0",
                "description", "OGC API – Features Parts 1, 2 and 3 and OGC API – Tiles. Staff collections need the API key: "
                        + "Authorization: Bearer <key>, or HTTP basic authentication with the key as the password."));
        doc.put("servers", List.of(Map.of("url", base)));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("the landing page", List.of(ref("f"))));
        paths.put("/conformance", get("the conformance classes", List.of(ref("f"))));
        paths.put("/api", get("this document", List.of(ref("f"))));
        paths.put("/collections", get("the collections", List.of(ref("f"))));
        paths.put("/collections/{collectionId}", get("a collection", List.of(ref("collectionId"), ref("f"))));
        paths.put("/collections/{collectionId}/queryables", get("the properties a filter may use (JSON Schema)", List.of(ref("collectionId"), ref("f"))));
        paths.put("/collections/{collectionId}/items", get("the features, a page at a time; follow the next links", List.of(ref("collectionId"),
                ref("f"), ref("limit"), ref("bbox"), ref("bbox-crs"), ref("datetime"), ref("crs"), ref("filter"), ref("filter-lang"),
                ref("filter-crs"), ref("sortby"), ref("properties"), ref("cursor"))));
        paths.put("/collections/{collectionId}/items/{featureId}", get("one feature", List.of(ref("collectionId"), ref("featureId"), ref("f"),
                ref("crs"), ref("properties"))));
        for (FeatureCollection c : collections) {
            paths.put("/collections/" + c.id() + "/items", get(c.title() + ": the features", itemParameters(c)));
        }
        paths.putAll(morePaths);
        doc.put("paths", paths);
        // Anonymous callers are served too (the public view), hence the empty requirement first.
        doc.put("security", List.of(Map.of(), Map.of("bearerKey", List.of()), Map.of("keyAsBasicPassword", List.of())));
        doc.put("components", Map.of("parameters", parameters(collections), "securitySchemes", Map.of(
                "bearerKey", Map.of("type", "http", "scheme", "bearer", "description", "an API key of the registry"),
                "keyAsBasicPassword", Map.of("type", "http", "scheme", "basic", "description", "any user name, the API key as the password"))));
        return doc;
    }

    /**
     * A collection's own items path, with each queryable as a parameter of its own (Part 3's queryables as query
     * parameters): GDAL sends an equality filter to the server only for a parameter it finds named here.
     */
    private static List<Object> itemParameters(FeatureCollection c) {
        List<Object> out = new ArrayList<>();
        for (String name : List.of("f", "limit", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs", "sortby",
                "properties", "cursor")) {
            if (!name.equals("datetime") || c.temporal() != null) {
                out.add(ref(name));
            }
        }
        for (Queryable q : c.queryables()) {
            if (q.type() != Queryable.Type.GEOMETRY) {
                Map<String, Object> schema = new LinkedHashMap<>(OgcFormat.schemaOf(q.type(), q.title()));
                schema.remove("title");
                out.add(param(q.name(), "query", "equal to: " + q.title(), schema, false));
            }
        }
        return out;
    }

    private static Map<String, Object> get(String summary, List<Object> parameters) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", summary);
        op.put("parameters", parameters);
        op.put("responses", Map.of(
                "200", Map.of("description", "the resource"),
                "400", Map.of("description", "a parameter is wrong: the body's code and description say which and why"),
                "403", Map.of("description", "the collection is for staff"),
                "404", Map.of("description", "no such collection or feature")));
        return Map.of("get", op);
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/parameters/" + name);
    }

    private static Map<String, Object> parameters(List<FeatureCollection> collections) {
        List<String> ids = new ArrayList<>();
        collections.forEach(c -> ids.add(c.id()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("collectionId", param("collectionId", "path", "a collection", Map.of("type", "string", "enum", ids), false));
        p.put("featureId", param("featureId", "path", "a feature's id", Map.of("type", "string"), false));
        p.put("f", param("f", "query", "the format: json (GeoJSON for features) or html", Map.of("type", "string", "enum", List.of("json", "html")), false));
        p.put("limit", param("limit", "query", "features per page; a larger value is taken as the maximum",
                Map.of("type", "integer", "minimum", 1, "maximum", FeatureQuery.MAX_LIMIT, "default", FeatureQuery.DEFAULT_LIMIT), false));
        p.put("bbox", param("bbox", "query", "minx,miny,maxx,maxy in bbox-crs axis order (CRS84: lon,lat)",
                Map.of("type", "array", "minItems", 4, "maxItems", 6, "items", Map.of("type", "number")), true));
        Map<String, Object> crs = Map.of("type", "string", "format", "uri", "enum", FeatureCrs.uris());
        p.put("bbox-crs", param("bbox-crs", "query", "the CRS of bbox (default CRS84)", crs, false));
        p.put("crs", param("crs", "query", "the CRS of the returned geometries, in its own axis order (default CRS84)", crs, false));
        p.put("filter-crs", param("filter-crs", "query", "the CRS of geometry literals in filter (default CRS84)", crs, false));
        p.put("datetime", param("datetime", "query", "an instant or an interval start/end (.. for open) on the collection's time property",
                Map.of("type", "string"), false));
        p.put("filter", param("filter", "query", "a CQL2 expression on the collection's queryables", Map.of("type", "string"), false));
        p.put("filter-lang", param("filter-lang", "query", "the language of filter", Map.of("type", "string", "enum", List.of("cql2-text", "cql2-json"),
                "default", "cql2-text"), false));
        p.put("sortby", param("sortby", "query", "queryables to sort by, each prefixed by + or - (descending); the id breaks ties",
                Map.of("type", "array", "items", Map.of("type", "string")), false));
        p.put("properties", param("properties", "query", "the properties to return", Map.of("type", "array", "items", Map.of("type", "string")), false));
        p.put("cursor", param("cursor", "query", "where a page starts: take it from a next or prev link", Map.of("type", "string"), false));
        return p;
    }

    private static Map<String, Object> param(String name, String in, String description, Map<String, Object> schema, boolean commaSeparated) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", in);
        p.put("description", description);
        p.put("required", in.equals("path"));
        p.put("schema", schema);
        if (commaSeparated || "array".equals(schema.get("type"))) {
            p.put("style", "form");
            p.put("explode", false);
        }
        return p;
    }
}
