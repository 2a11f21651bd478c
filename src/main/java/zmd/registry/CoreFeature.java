package zmd.registry;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;

/** The fields of common.graphqls that belong to no feature. */
final class CoreFeature implements Feature {
    static final String API_VERSION = "0.1.0";

    private static final FieldTable<Caller> CALLER_INFO = FieldTable.<Caller>of("CallerInfo")
            .value("role", List.of(), Caller::role)
            .value("name", List.of(), Caller::name);

    @Override
    public String sdl() {
        return "common.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(CALLER_INFO, Connection.PAGE_INFO_FIELDS);
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("apiVersion", env -> API_VERSION)
                .dataFetcher("whoAmI", RequestContext::caller));
    }
}
