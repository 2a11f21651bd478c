package zmd.registry.county;

import graphql.schema.idl.RuntimeWiring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.core.GeoJson;
import zmd.registry.geo.Crs;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.RequestContext;

public final class CountyFeature implements Feature {
    private static final String BOUNDARY = "countyBoundary";
    /** Counties are few and read whole; the boundary is loaded per output shape. */
    public static final FieldTable<County> FIELDS = FieldTable.<County>of("County")
            .value("code", List.of(), County::code)
            .value("name", List.of(), County::name)
            .value("boundaryNote", List.of(), County::boundaryNote)
            .loaded("boundary");
    /** A county as other features' direct-written results nest it (the boundary, with its arguments, is not). */
    public static final DirectJson.Shape<County> SHAPE = FieldTables.shape(FIELDS, Map.of());

    private final CountyRepository counties;

    public CountyFeature(CountyRepository counties) {
        this.counties = counties;
    }

    @Override
    public String sdl() {
        return "county.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("counties", env -> DirectJson.listOr(env, SHAPE, counties.all()))
                .dataFetcher("county", env -> counties.find(env.getArgument("codeOrName"))));
        wiring.type("County", t -> t.dataFetcher("boundary", env -> {
            Crs crs = Crs.named(env.getArgument("crs"));
            Integer precision = env.getArgument("precision");
            return RequestContext.<BoundaryKey, GeoJson>load(env, BOUNDARY,
                    new BoundaryKey(env.<County>getSource().code(), crs, crs.precision(precision)));
        }));
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(FIELDS);
    }

    /** One county's boundary in one output shape. */
    private record BoundaryKey(String code, Crs crs, int precision) {
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // Counties nested under a page of blocks or listings: one statement per output shape, not one per block.
        registry.register(BOUNDARY, DataLoaderFactory.newMappedDataLoader((Set<BoundaryKey> keys) -> {
            Map<BoundaryKey, GeoJson> out = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(k -> List.of(k.crs(), k.precision()))).forEach((shape, group) -> {
                Map<String, GeoJson> byCode = counties.boundariesGeoJson(group.stream().map(BoundaryKey::code).toList(),
                        group.getFirst().crs(), group.getFirst().precision());
                group.forEach(k -> out.put(k, byCode.get(k.code())));
            });
            return CompletableFuture.completedFuture(out);
        }));
    }
}
