package zmd.registry;

import graphql.schema.idl.RuntimeWiring;
import java.util.Map;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;

/** The fields of common.graphqls that belong to no feature. */
final class CoreFeature implements Feature {
    static final String API_VERSION = "0.1.0";

    @Override
    public String sdl() {
        return "common.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("apiVersion", env -> API_VERSION)
                .dataFetcher("whoAmI", env -> {
                    var caller = RequestContext.caller(env);
                    return Map.of("role", caller.role().name(), "name", caller.name());
                }));
    }
}
