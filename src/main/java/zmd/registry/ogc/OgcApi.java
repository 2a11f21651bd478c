package zmd.registry.ogc;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;
import zmd.registry.db.RequestBudget;
import zmd.registry.features.FeatureCatalog;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureCrs;
import zmd.registry.features.FeatureQuery;
import zmd.registry.features.FeatureReader;
import zmd.registry.features.Queryable;
import zmd.registry.features.cql.CqlConformance;
import zmd.registry.http.ClientGone;
import zmd.registry.ogc.tiles.TileEndpoints;

/**
 * OGC API – Features (Parts 1, 2 and 3) under {@link #PREFIX}, on the typed feature collections: the landing page,
 * conformance, the OpenAPI document, collections, queryables and items, each as JSON and as an HTML page.
 */
public final class OgcApi {
    public static final String PREFIX = "/ogc";

    static final List<String> FEATURES_CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter");

    private final FeatureCatalog catalog;
    private final Function<Context, Caller> callers;
    private final OgcItems items;
    private final Duration budget;
    private final TileEndpoints tiles;

    /**
     * @param callers authenticates and rate-limits a request as GraphQL does (Authorization: Bearer, or basic with the key as the password)
     * @param budget  the time a request's statements may take, as for GraphQL
     */
    public OgcApi(Registry registry, Function<Context, Caller> callers, Duration budget) {
        this.catalog = registry.features();
        this.callers = callers;
        this.items = new OgcItems(catalog, registry.accessLog());
        this.budget = budget;
        this.tiles = new TileEndpoints(registry);
    }

    public void routes(JavalinConfig config) {
        get(config, "", this::landing);
        get(config, "/", this::landing);
        get(config, "/conformance", this::conformance);
        get(config, "/api", this::api);
        get(config, "/collections", this::collections);
        get(config, "/collections/{collectionId}", this::collection);
        get(config, "/collections/{collectionId}/queryables", this::queryables);
        get(config, "/collections/{collectionId}/items", ctx -> items.page(ctx, caller(ctx)));
        get(config, "/collections/{collectionId}/items/{featureId}", ctx -> items.one(ctx, caller(ctx)));
        tiles.routes(config, callers, budget);
    }

    /** A GET route under the prefix whose statements share one request budget, abandoned if the client leaves. */
    private void get(JavalinConfig config, String path, Handler handler) {
        config.routes.get(PREFIX + path, ctx -> {
            try (RequestBudget b = RequestBudget.start(budget); ClientGone ignored = ClientGone.watch(ctx, b)) {
                handler.handle(ctx);
            }
        });
    }

    /** Every conformance class served: exactly those implemented, so clients push filters only where they work. */
    static List<String> conformanceClasses() {
        List<String> all = new ArrayList<>(FEATURES_CONFORMANCE);
        all.addAll(CqlConformance.CLASSES);
        all.addAll(TileEndpoints.CONFORMANCE);
        return all;
    }

    /** The body of an OGC API exception (Part 1's exception schema: code and description). */
    public static byte[] error(String code, String description, int status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("description", description);
        out.put("status", status);
        try {
            return OgcFormat.JSON.writeValueAsBytes(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Caller caller(Context ctx) {
        OgcFormat.html(ctx);
        return callers.apply(ctx);
    }

    private void landing(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        callers.apply(ctx);
        String base = OgcFormat.base(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", "Zhumadian mining-rights registry (驻马店市采矿权出让登记)");
        out.put("description", "Mining-right blocks, listings and the protected layers as OGC API Features; staff layers need "
                + "the API key (Authorization: Bearer <key>, or basic authentication with the key as the password).");
        List<Map<String, Object>> links = new ArrayList<>(OgcFormat.selfLinks(base, "", "landing page"));
        links.add(OgcFormat.link(base + "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "the API definition"));
        links.add(OgcFormat.link(base + "/conformance", "conformance", "application/json", "conformance classes"));
        links.add(OgcFormat.link(base + "/collections", "data", "application/json", "the collections"));
        links.addAll(tiles.landingLinks(base));
        out.put("links", links);
        OgcFormat.respond(ctx, out, "Mining-rights registry");
    }

    private void conformance(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        callers.apply(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conformsTo", conformanceClasses());
        OgcFormat.respond(ctx, out, "Conformance");
    }

    private void api(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        Caller caller = callers.apply(ctx);
        if ("html".equals(ctx.queryParam("f"))) {
            throw RegistryException.badInput("f", "the API definition is served as OpenAPI JSON only; open it in an OpenAPI viewer");
        }
        ctx.contentType("application/vnd.oai.openapi+json;version=3.0");
        OgcFormat.writeJson(ctx, OpenApiDocument.build(OgcFormat.base(ctx), catalog.visibleTo(caller), tiles.openApiPaths(caller)));
    }

    private void collections(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        Caller caller = callers.apply(ctx);
        String base = OgcFormat.base(ctx);
        List<Object> all = new ArrayList<>();
        for (FeatureCollection c : catalog.visibleTo(caller)) {
            all.add(describe(base, c, caller));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("links", OgcFormat.selfLinks(base, "/collections", "the collections"));
        out.put("collections", all);
        out.put("crs", FeatureCrs.uris());
        OgcFormat.respond(ctx, out, "Collections");
    }

    private void collection(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        Caller caller = callers.apply(ctx);
        FeatureCollection c = catalog.get(caller, ctx.pathParam("collectionId"));
        OgcFormat.respond(ctx, describe(OgcFormat.base(ctx), c, caller), c.title());
    }

    private Map<String, Object> describe(String base, FeatureCollection c, Caller caller) {
        String path = "/collections/" + c.id();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("title", c.title());
        out.put("description", c.description());
        List<Map<String, Object>> links = new ArrayList<>(OgcFormat.selfLinks(base, path, c.title()));
        links.add(OgcFormat.link(base + path + "/items", "items", "application/geo+json", "the features"));
        links.add(OgcFormat.link(base + path + "/items?f=html", "items", "text/html", "the features as a table"));
        links.add(OgcFormat.link(base + path + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json",
                "what can be filtered on"));
        links.addAll(tiles.collectionLinks(base, c.id()));
        out.put("links", links);
        FeatureReader.Extent extent = catalog.extent(c, caller);
        Map<String, Object> ext = new LinkedHashMap<>();
        if (extent.bbox() != null) {
            ext.put("spatial", Map.of("bbox", List.of(extent.bbox()), "crs", FeatureCrs.CRS84.uri()));
        }
        if (extent.interval() != null) {
            ext.put("temporal", Map.of("interval", List.of(java.util.Arrays.asList(extent.interval())), "trs",
                    "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
        }
        out.put("extent", ext);
        out.put("itemType", "feature");
        out.put("crs", FeatureCrs.uris());
        out.put("storageCrs", FeatureCrs.STORAGE.uri());
        out.put("limit", Map.of("default", FeatureQuery.DEFAULT_LIMIT, "maximum", FeatureQuery.MAX_LIMIT));
        return out;
    }

    private void queryables(Context ctx) {
        OgcFormat.check(ctx, java.util.Set.of("f"));
        Caller caller = callers.apply(ctx);
        FeatureCollection c = catalog.get(caller, ctx.pathParam("collectionId"));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Queryable q : c.queryables()) {
            properties.put(q.name(), OgcFormat.schemaOf(q.type(), q.title()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        out.put("$id", OgcFormat.base(ctx) + "/collections/" + c.id() + "/queryables");
        out.put("type", "object");
        out.put("title", c.title());
        out.put("properties", properties);
        out.put("additionalProperties", false);
        OgcFormat.respondAs(ctx, out, c.title() + ": queryables", "application/schema+json");
    }
}
