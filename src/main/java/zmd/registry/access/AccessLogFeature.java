package zmd.registry.access;

import graphql.schema.idl.RuntimeWiring;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import zmd.registry.core.FieldTable;
import zmd.registry.core.RegistryException;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;

/** {@code Query.accessLog} (schema/audit.graphqls): the access log, for auditors. */
public final class AccessLogFeature implements Feature {
    private static final FieldTable<AccessLog.Entry> ENTRY = FieldTable.<AccessLog.Entry>of("AccessLogEntry")
            .value("id", List.of(), e -> Long.toString(e.id()))
            .value("at", List.of(), AccessLog.Entry::at)
            .value("keyId", List.of(), AccessLog.Entry::keyId)
            .value("callerName", List.of(), AccessLog.Entry::callerName)
            .value("role", List.of(), e -> e.role().name())
            .value("requestId", List.of(), AccessLog.Entry::requestId)
            .value("protocol", List.of(), e -> e.protocol().name())
            .value("parcelIds", List.of(), AccessLog.Entry::parcelIds)
            .value("layers", List.of(), AccessLog.Entry::layers)
            .value("extent", List.of(), AccessLog.Entry::extent)
            .value("detail", List.of(), AccessLog.Entry::detail);
    private static final Connection.Tables<AccessLog.Entry> PAGE = Connection.tables("AccessLogConnection", "AccessLogEntry");

    private final AccessLog log;

    public AccessLogFeature(AccessLog log) {
        this.log = log;
    }

    @Override
    public String sdl() {
        return "audit.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(ENTRY, PAGE.connection(), PAGE.edge());
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t.dataFetcher("accessLog", env -> new Connection<>(log.page(RequestContext.caller(env),
                () -> filter(env.getArgument("filter")), () -> AccessLog.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after"))))));
    }

    private static AccessLog.Filter filter(Map<String, Object> f) {
        if (f == null) {
            return new AccessLog.Filter(null, null, null, null, null);
        }
        String protocol = (String) f.get("protocol");
        return new AccessLog.Filter(
                f.get("parcelId") == null ? null : RegistryException.parseId((String) f.get("parcelId"), "filter.parcelId"),
                f.get("keyId") == null ? null : RegistryException.parseId((String) f.get("keyId"), "filter.keyId"),
                protocol == null ? null : AccessProtocol.valueOf(protocol),
                (OffsetDateTime) f.get("from"), (OffsetDateTime) f.get("to"));
    }
}
