package zmd.registry.access;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import zmd.registry.core.FieldTable;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.RequestContext;

/** API keys in GraphQL: the list and revocation, for staff editors. Keys are created at the command line only. */
public final class AccessFeature implements Feature {
    private static final FieldTable<ApiKeys.KeyInfo> API_KEY = FieldTable.<ApiKeys.KeyInfo>of("ApiKey")
            .value("id", List.of(), ApiKeys.KeyInfo::id)
            .value("name", List.of(), ApiKeys.KeyInfo::name)
            .value("role", List.of(), ApiKeys.KeyInfo::role)
            .value("keyPrefix", List.of(), ApiKeys.KeyInfo::keyPrefix)
            .value("createdAt", List.of(), ApiKeys.KeyInfo::createdAt)
            .value("revokedAt", List.of(), ApiKeys.KeyInfo::revokedAt);

    private static final DirectJson.Shape<ApiKeys.KeyInfo> API_KEY_SHAPE = FieldTables.shape(API_KEY, Map.of());

    private final ApiKeys apiKeys;

    public AccessFeature(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public String sdl() {
        return "access.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(API_KEY);
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t.dataFetcher("apiKeys", env -> DirectJson.listOr(env, API_KEY_SHAPE, apiKeys.list(RequestContext.caller(env)))));
        wiring.type("Mutation", t -> t.dataFetcher("revokeApiKey",
                env -> apiKeys.revoke(RequestContext.caller(env), env.getArgument("id"))));
    }
}
