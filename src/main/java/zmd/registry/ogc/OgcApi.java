package zmd.registry.ogc;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.function.Function;
import zmd.registry.Registry;
import zmd.registry.access.Caller;

/** OGC API – Features (Parts 1, 2 and 3) and Tiles under {@link #PREFIX}, on the typed feature collections. */
public final class OgcApi {
    public static final String PREFIX = "/ogc";

    private final Registry registry;
    private final Function<Context, Caller> callers;

    /** @param callers authenticates and rate-limits a request as GraphQL does (Authorization: Bearer). */
    public OgcApi(Registry registry, Function<Context, Caller> callers) {
        this.registry = registry;
        this.callers = callers;
    }

    public void routes(JavalinConfig config) {
        new zmd.registry.ogc.tiles.TileEndpoints(registry).routes(config, callers);
    }
}
