package zmd.registry.ogc.tiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.Registry;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.graphql.ResponseJson;
import zmd.registry.ogc.OgcApi;
import zmd.registry.tiles.TileAddress;
import zmd.registry.tiles.TileLayer;
import zmd.registry.tiles.TileMatrixSet;
import zmd.registry.tiles.TileService;

/**
 * OGC API – Tiles (Part 1: Core) under {@link OgcApi#PREFIX}: the tile matrix sets, vector tilesets of each
 * collection ({@code /collections/{id}/tiles}) and of all of them as layers of one tile ({@code /tiles}), and
 * TileJSON 3.0.0 for MapLibre. Tile paths follow the standard's template {tileMatrix}/{tileRow}/{tileCol}, i.e.
 * z/y/x.
 *
 * <p>Caching: every tile carries a weak {@code ETag} ({@link zmd.registry.tiles.TileVersions}) and answers
 * {@code If-None-Match} with 304 before anything is rendered. What the public may see is {@code public,
 * max-age=60}: shared caches may keep it, and a minute-old map of published blocks is harmless. What only staff
 * see is {@code private, no-cache}: no shared cache may keep it, and staff who just edited a block or imported a
 * layer see the change on the next draw (each revalidation is one index lookup and a 304). Responses vary by
 * {@code Authorization}, as staff and others get different tiles at one URL.
 */
public final class TileEndpoints {
    public static final String MVT = "application/vnd.mapbox-vector-tile";
    private static final String CONF = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";
    /**
     * The conformance classes implemented. oas30 holds as long as the API definition served includes
     * {@link #openApiPaths()}.
     */
    public static final List<String> CONFORMANCE = List.of(CONF + "core", CONF + "tileset", CONF + "tilesets-list",
            CONF + "geodata-tilesets", CONF + "dataset-tilesets", CONF + "mvt", CONF + "oas30");

    private final Registry registry;
    private final TileService tiles;

    public TileEndpoints(Registry registry) {
        this.registry = registry;
        this.tiles = new TileService(registry.features(), registry.database().dsl());
    }

    /**
     * @param callers authenticates and rate-limits a request (anonymous requests are the public)
     * @param budget  the time a tile may take; its statements are run by RenderedQuery, which the budget cannot cancel,
     *                so the budget is checked between the renderings of a tile and the connection's statement_timeout
     *                bounds each one
     */
    public void routes(JavalinConfig config, Function<Context, Caller> callers, java.time.Duration budget) {
        String p = OgcApi.PREFIX;
        config.routes.get(p + "/tileMatrixSets", ctx -> {
            callers.apply(ctx);
            json(ctx, TileDocuments.tileMatrixSets(base(ctx)), "public, max-age=3600");
        });
        config.routes.get(p + "/tileMatrixSets/{tileMatrixSetId}", ctx -> {
            callers.apply(ctx);
            json(ctx, TileDocuments.tileMatrixSet(TileMatrixSet.byId(ctx.pathParam("tileMatrixSetId"))), "public, max-age=3600");
        });
        config.routes.get(p + "/tiles", ctx -> {
            callers.apply(ctx);
            json(ctx, TileDocuments.tilesets(base(ctx), base(ctx) + "/tiles", "All collections"), null);
        });
        config.routes.get(p + "/tiles/{tileMatrixSetId}", ctx -> {
            Caller caller = callers.apply(ctx);
            TileMatrixSet t = TileMatrixSet.byId(ctx.pathParam("tileMatrixSetId"));
            json(ctx, TileDocuments.tileset(base(ctx), base(ctx) + "/tiles", "All collections", t, tiles.layers(caller), tiles.cityBounds(), null),
                    cacheControl(caller));
        });
        config.routes.get(p + "/tiles/{tileMatrixSetId}/tilejson.json", ctx -> {
            Caller caller = callers.apply(ctx);
            webMercatorOnly(ctx.pathParam("tileMatrixSetId"));
            json(ctx, TileDocuments.tileJson(base(ctx) + "/tiles", "zmd-registry", "All collections of the Zhumadian mining-rights registry "
                    + "the key may see, one layer each", tiles.layers(caller), tiles.cityBounds()), cacheControl(caller));
        });
        config.routes.get(p + "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", ctx -> {
            Caller caller = callers.apply(ctx);
            try (zmd.registry.db.RequestBudget ignored = zmd.registry.db.RequestBudget.start(budget)) {
                tile(ctx, caller, tiles.layers(caller));
            }
        });
        config.routes.get(p + "/collections/{collectionId}/tiles", ctx -> {
            Caller caller = callers.apply(ctx);
            TileLayer l = tiles.layer(caller, ctx.pathParam("collectionId"));
            json(ctx, TileDocuments.tilesets(base(ctx), collectionTiles(ctx, l), l.collection().title()), cacheControl(caller));
        });
        config.routes.get(p + "/collections/{collectionId}/tiles/{tileMatrixSetId}", ctx -> {
            Caller caller = callers.apply(ctx);
            TileLayer l = tiles.layer(caller, ctx.pathParam("collectionId"));
            TileMatrixSet t = TileMatrixSet.byId(ctx.pathParam("tileMatrixSetId"));
            json(ctx, TileDocuments.tileset(base(ctx), collectionTiles(ctx, l), l.collection().title(), t, List.of(l), tiles.cityBounds(),
                    base(ctx) + "/collections/" + l.id()), cacheControl(caller));
        });
        config.routes.get(p + "/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson.json", ctx -> {
            Caller caller = callers.apply(ctx);
            TileLayer l = tiles.layer(caller, ctx.pathParam("collectionId"));
            webMercatorOnly(ctx.pathParam("tileMatrixSetId"));
            json(ctx, TileDocuments.tileJson(collectionTiles(ctx, l), l.id(), l.collection().title(), List.of(l), tiles.cityBounds()),
                    cacheControl(caller));
        });
        config.routes.get(p + "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", ctx -> {
            Caller caller = callers.apply(ctx);
            try (zmd.registry.db.RequestBudget ignored = zmd.registry.db.RequestBudget.start(budget)) {
                tile(ctx, caller, List.of(tiles.layer(caller, ctx.pathParam("collectionId"))));
            }
        });
    }

    /** Links for the landing page; {@code baseUrl} is the API's root, e.g. https://example.org/ogc. */
    public List<Map<String, Object>> landingLinks(String baseUrl) {
        String b = trim(baseUrl);
        return List.of(TileDocuments.link(TileDocuments.REL + "tiling-schemes", TileDocuments.JSON, "Tile matrix sets", b + "/tileMatrixSets"),
                TileDocuments.link(TileDocuments.REL + "tilesets-vector", TileDocuments.JSON, "Vector tiles of all collections", b + "/tiles"));
    }

    /** Links for a collection's description: its vector tilesets. */
    public List<Map<String, Object>> collectionLinks(String baseUrl, String collectionId) {
        return List.of(TileDocuments.link(TileDocuments.REL + "tilesets-vector", TileDocuments.JSON, "Vector tiles of " + collectionId,
                trim(baseUrl) + "/collections/" + collectionId + "/tiles"));
    }

    /** OpenAPI 3.0 path items of every path served here, keyed relative to the API's root (/ogc). */
    public Map<String, Object> openApiPaths(Caller caller) {
        return TileOpenApi.paths(registry.features().visibleTo(caller).stream().map(c -> c.id()).toList());
    }

    private void tile(Context ctx, Caller caller, List<TileLayer> layers) {
        TileMatrixSet t = TileMatrixSet.byId(ctx.pathParam("tileMatrixSetId"));
        TileAddress a = TileAddress.parse(t, ctx.pathParam("tileMatrix"), ctx.pathParam("tileRow"), ctx.pathParam("tileCol"));
        String ifNoneMatch = ctx.header("If-None-Match");
        TileService.Answer answer = tiles.answer(layers, caller, a, etag -> matches(ifNoneMatch, etag));
        // A tile the client has already (304) shows nothing new; one that cannot be recorded is not sent.
        registry.accessLog().record(caller, AccessProtocol.OGC_TILES);
        ctx.header("ETag", answer.etag());
        ctx.header("Cache-Control", cacheControl(caller));
        ctx.header("Vary", "Authorization");
        if (answer.tile() == null) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(MVT).result(answer.tile().bytes());
    }

    private static String cacheControl(Caller caller) {
        return caller.isStaff() ? "private, no-cache" : "public, max-age=60";
    }

    /** If-None-Match: a list of tags or *, compared weakly (RFC 9110 §13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || opaque(c).equals(opaque(etag))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static void webMercatorOnly(String tileMatrixSetId) {
        TileMatrixSet t = TileMatrixSet.byId(tileMatrixSetId);
        if (t != TileMatrixSet.WEB_MERCATOR_QUAD) {
            throw new RegistryException(ErrorCode.NOT_FOUND, "no TileJSON for " + t.id() + ": TileJSON describes Web Mercator tiles; use "
                    + TileMatrixSet.WEB_MERCATOR_QUAD.id() + "/tilejson.json, or this tileset's OGC metadata");
        }
    }

    private static String collectionTiles(Context ctx, TileLayer l) {
        return base(ctx) + "/collections/" + l.id() + "/tiles";
    }

    /** The API's root as the client addressed it (scheme and Host header), for links. */
    private static String base(Context ctx) {
        String host = ctx.host();
        return ctx.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host) + OgcApi.PREFIX;
    }

    private static String trim(String baseUrl) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    private static void json(Context ctx, Object document, String cacheControl) {
        try {
            if (cacheControl != null) {
                ctx.header("Cache-Control", cacheControl);
                ctx.header("Vary", "Authorization");
            }
            ctx.contentType(TileDocuments.JSON).result(ResponseJson.MAPPER.writeValueAsBytes(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
