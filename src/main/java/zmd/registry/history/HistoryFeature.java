package zmd.registry.history;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.auction.Listing;
import zmd.registry.core.FieldTable;
import zmd.registry.core.Page;
import zmd.registry.core.RegistryException;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;
import zmd.registry.parcel.MineParcel;

/** GraphQL of the change log (schema/history.graphqls): the log, its verification, and the history of blocks and listings. */
public final class HistoryFeature implements Feature {
    private static final String HISTORY = "history";
    private static final HexFormat HEX = HexFormat.of();

    static final FieldTable<ChangeLogRepository.Entry> ENTRY = FieldTable.<ChangeLogRepository.Entry>of("ChangeLogEntry")
            .value("seq", List.of(), ChangeLogRepository.Entry::seq)
            .value("at", List.of(), ChangeLogRepository.Entry::at)
            .value("table", List.of(), ChangeLogRepository.Entry::table)
            .value("key", List.of(), ChangeLogRepository.Entry::key)
            .value("recordTable", List.of(), ChangeLogRepository.Entry::recordTable)
            .value("recordKey", List.of(), ChangeLogRepository.Entry::recordKey)
            .value("operation", List.of(), ChangeLogRepository.Entry::operation)
            .value("versionBefore", List.of(), ChangeLogRepository.Entry::versionBefore)
            .value("versionAfter", List.of(), ChangeLogRepository.Entry::versionAfter)
            .value("keyId", List.of(), ChangeLogRepository.Entry::keyId)
            .value("callerName", List.of(), ChangeLogRepository.Entry::callerName)
            .value("action", List.of(), ChangeLogRepository.Entry::action)
            .value("requestId", List.of(), ChangeLogRepository.Entry::requestId)
            .objects("changes", "FieldChange", List.of(), HistoryService::changes)
            .value("before", List.of(), e -> HistoryService.image(e.before()))
            .value("after", List.of(), e -> HistoryService.image(e.after()))
            .value("hash", List.of(), e -> HEX.formatHex(e.hash()))
            .value("prevHash", List.of(), e -> HEX.formatHex(e.prevHash()));
    static final FieldTable<HistoryService.FieldChange> FIELD_CHANGE = FieldTable.<HistoryService.FieldChange>of("FieldChange")
            .value("field", List.of(), HistoryService.FieldChange::field)
            .value("before", List.of(), HistoryService.FieldChange::before)
            .value("after", List.of(), HistoryService.FieldChange::after);
    static final Connection.Tables<ChangeLogRepository.Entry> PAGE_TABLES = Connection.tables("ChangeLogConnection", "ChangeLogEntry");
    static final FieldTable<HistoryService.Verification> VERIFICATION = FieldTable.<HistoryService.Verification>of("ChangeLogVerification")
            .value("valid", List.of(), HistoryService.Verification::valid)
            .value("entriesChecked", List.of(), HistoryService.Verification::entriesChecked)
            .value("rowsChecked", List.of(), HistoryService.Verification::rowsChecked)
            .object("firstBreak", "ChangeLogBreak", List.of(), HistoryService.Verification::firstBreak)
            .value("seconds", List.of(), HistoryService.Verification::seconds);
    static final FieldTable<ChangeLogRepository.Break> BREAK = FieldTable.<ChangeLogRepository.Break>of("ChangeLogBreak")
            .value("kind", List.of(), ChangeLogRepository.Break::kind)
            .value("seq", List.of(), ChangeLogRepository.Break::seq)
            .value("table", List.of(), ChangeLogRepository.Break::table)
            .value("key", List.of(), ChangeLogRepository.Break::key)
            .value("message", List.of(), ChangeLogRepository.Break::message);

    private final HistoryService service;

    public HistoryFeature(HistoryService service) {
        this.service = service;
    }

    @Override
    public String sdl() {
        return "history.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(ENTRY, FIELD_CHANGE, PAGE_TABLES.connection(), PAGE_TABLES.edge(), VERIFICATION, BREAK,
                FieldTable.<MineParcel>of("MineParcel").loaded(HISTORY), FieldTable.<Listing>of("Listing").loaded(HISTORY));
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("changeLog", env -> new Connection<>(service.changeLog(RequestContext.caller(env), filter(env.getArgument("filter")),
                        HistoryService.LOG_PAGE.request(env.getArgument("first"), env.getArgument("after")))))
                .dataFetcher("verifyChangeLog", env -> service.verify(RequestContext.caller(env))));
        wiring.type("MineParcel", t -> t.dataFetcher(HISTORY, env -> history(env, "mine_parcel", env.<MineParcel>getSource().id())));
        wiring.type("Listing", t -> t.dataFetcher(HISTORY, env -> history(env, "listing", env.<Listing>getSource().id())));
    }

    /** Staff only: other callers get null, as for the other staff-only fields. The record is one the caller sees. */
    private static CompletableFuture<Connection<ChangeLogRepository.Entry>> history(DataFetchingEnvironment env, String table, UUID id) {
        if (!RequestContext.caller(env).isStaff()) {
            return CompletableFuture.completedFuture(null);
        }
        HistoryService.HistoryKey key = new HistoryService.HistoryKey(table, id.toString(),
                HistoryService.HISTORY_PAGE.request(env.getArgument("first"), env.getArgument("after")));
        return RequestContext.<HistoryService.HistoryKey, Page<ChangeLogRepository.Entry>>load(env, HISTORY, key).thenApply(Connection::new);
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        registry.register(HISTORY, DataLoaderFactory.newMappedDataLoader(
                (Set<HistoryService.HistoryKey> keys) -> CompletableFuture.completedFuture(service.histories(keys))));
    }

    private static ChangeLogRepository.Filter filter(Map<String, Object> f) {
        if (f == null) {
            return ChangeLogRepository.Filter.ANY;
        }
        String keyId = (String) f.get("keyId");
        return new ChangeLogRepository.Filter((String) f.get("table"), (String) f.get("key"),
                keyId == null ? null : RegistryException.parseId(keyId, "filter.keyId"), (OffsetDateTime) f.get("from"), (OffsetDateTime) f.get("to"));
    }
}
