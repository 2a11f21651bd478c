package zmd.registry.access;

import graphql.schema.idl.RuntimeWiring;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;

/** API keys in GraphQL: the list and revocation, for staff editors. Keys are created at the command line only. */
public final class AccessFeature implements Feature {
    private final ApiKeys apiKeys;

    public AccessFeature(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public String sdl() {
        return "access.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t.dataFetcher("apiKeys", env -> apiKeys.list(RequestContext.caller(env))));
        wiring.type("Mutation", t -> t.dataFetcher("revokeApiKey",
                env -> apiKeys.revoke(RequestContext.caller(env), env.getArgument("id"))));
    }
}
