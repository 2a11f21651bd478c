package zmd.registry.protection;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.SelectedField;
import graphql.schema.idl.RuntimeWiring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.core.RegistryException;
import zmd.registry.geo.Crs;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.GeometryArguments;
import zmd.registry.graphql.RequestContext;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelFilter;

/** Fetchers for layers, imports and overlap checks: thin, each a call into a service or a per-request loader. */
public final class ProtectionFeature implements Feature {
    /** The layers with their datasets, written directly when the selection leaves out what is loaded per dataset. */
    private static final DirectJson.Shape<OverlapService.LayerView> LAYERS = FieldTables.shape(ProtectionFields.LAYER,
            Map.of("LayerDataset", FieldTables.shape(ProtectionFields.DATASET, Map.of())));

    public static final String PARCEL_CHECKS = "parcelOverlapChecks";

    private final OverlapService overlaps;
    private final OverlapFilters filters;
    private final LayerImporter importer;
    private final DatasetPurge purge;

    public ProtectionFeature(OverlapService overlaps, OverlapFilters filters, LayerImporter importer, DatasetPurge purge) {
        this.overlaps = overlaps;
        this.filters = filters;
        this.importer = importer;
        this.purge = purge;
    }

    /** The {@code overlap} field this feature adds to {@code MineParcelFilter}, for the parcel feature's list. */
    public ParcelFilter.Criterion overlapFilter(List<Map<String, Object>> input) {
        return filters.criterion(input.stream().map(f -> new OverlapFilter(OverlapRule.valueOf((String) f.get("rule")),
                Verdict.valueOf((String) f.get("verdict")), number(f.get("toleranceM2")))).toList());
    }

    /** One block's check; blocks asking the same request are checked together. */
    record ParcelCheckKey(UUID id, OverlapService.CheckRequest request) {
    }

    @Override
    public String sdl() {
        return "protection.graphqls";
    }

    /** The protection types, and the field this feature adds to MineParcel: loaded by the block's id. */
    @Override
    public List<FieldTable<?>> fieldTables() {
        return Stream.concat(ProtectionFields.ALL.stream(), Stream.of(FieldTable.<MineParcel>of("MineParcel").loaded("overlapCheck"))).toList();
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("overlapCheck", env -> overlaps.check(RequestContext.caller(env), env.getArgument("parcelId"),
                        GeometryArguments.geometryInput(env.getArgument("geometry")), request(env), env.getArgument("asOf")))
                .dataFetcher("layers", env -> DirectJson.listOr(env, LAYERS, overlaps.layers(RequestContext.caller(env)))));
        wiring.type("Mutation", t -> t.dataFetcher("importLayer", env -> {
            Map<String, Object> in = env.getArgument("input");
            ImportRequest request = new ImportRequest(LayerCode.parse((String) in.get("layer"), "layer"), (String) in.get("datasetName"),
                    (String) in.get("version"), (String) in.get("source"), (Integer) in.get("srid"), Boolean.TRUE.equals(in.get("repair")));
            return importer.importFromApi(RequestContext.caller(env), request, (String) in.get("path"), (String) in.get("text"));
        }).dataFetcher("purgeLayerDatasets", env -> purge.purge(RequestContext.caller(env), LayerCode.parse(env.getArgument("layer"), "layer"),
                env.getArgument("importedBefore"), Boolean.TRUE.equals(env.getArgument("dryRun")))));
        wiring.type("MineParcel", t -> t.dataFetcher("overlapCheck", env -> {
            RequestContext.caller(env).requireStaff("An overlap check");
            if (env.<MineParcel>getSource().asOf() != null) {
                throw RegistryException.badInput("overlapCheck", "MineParcel.overlapCheck checks the block and layers of now; for a block read as of "
                        + "an instant, ask Query.overlapCheck(parcelId, asOf)");
            }
            return RequestContext.load(env, PARCEL_CHECKS, new ParcelCheckKey(env.<MineParcel>getSource().id(), request(env)));
        }));
        wiring.type("OverlapFeature", t -> t.dataFetcher("intersection",
                env -> env.<OverlapReport.OverlapFeature>getSource().intersection().get(shape(env))));
        wiring.type("RuleResult", t -> t.dataFetcher("outsideGeometry",
                env -> env.<OverlapReport.RuleResult>getSource().outsideGeometry().get(shape(env))));
    }

    private static OutputShape shape(DataFetchingEnvironment env) {
        return shape(env.getArguments());
    }

    private static OutputShape shape(Map<String, Object> arguments) {
        return OutputShape.of(arguments.get("crs") == null ? null : Crs.valueOf((String) arguments.get("crs")), (Integer) arguments.get("precision"));
    }

    /** The rules and tolerance asked for, and which geometry outputs the query selects (computed only then). */
    private static OverlapService.CheckRequest request(DataFetchingEnvironment env) {
        List<String> rules = env.getArgument("rules");
        return OverlapService.CheckRequest.of(rules == null ? null : rules.stream().map(OverlapRule::valueOf).toList(),
                env.getArgument("toleranceM2"),
                shapes(env.getSelectionSet().getFields("rules/features/intersection")),
                shapes(env.getSelectionSet().getFields("rules/outsideGeometry")));
    }

    private static Set<OutputShape> shapes(List<SelectedField> fields) {
        return fields.stream().map(f -> shape(f.getArguments())).collect(Collectors.toSet());
    }

    private static Double number(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // One check per distinct request for all blocks of the page: a fixed number of statements.
        registry.register(PARCEL_CHECKS, DataLoaderFactory.newMappedDataLoader((Set<ParcelCheckKey> keys) -> {
            Map<ParcelCheckKey, OverlapReport> out = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(ParcelCheckKey::request)).forEach((request, group) -> {
                Map<UUID, OverlapReport> reports = overlaps.checkParcels(caller, group.stream().map(ParcelCheckKey::id).toList(), request);
                group.forEach(k -> out.put(k, reports.get(k.id())));
            });
            return CompletableFuture.completedFuture(out);
        }));
    }
}
