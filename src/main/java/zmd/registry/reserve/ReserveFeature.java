package zmd.registry.reserve;

import graphql.schema.idl.RuntimeWiring;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;

/** Reserve and capacity types, and the per-request loaders that fetch them for many blocks in one statement. */
public final class ReserveFeature implements Feature {
    public static final String RESERVES = "reserves";
    public static final String CAPACITIES = "designCapacities";

    /** A reserve as other features' direct-written results nest it. */
    public static final DirectJson.Shape<Reserve> SHAPE = new DirectJson.Shape<Reserve>("Reserve")
            .value("mineral", Reserve::mineral)
            .value("category", Reserve::category)
            .value("categoryStandard", Reserve::categoryStandard)
            .value("category2020", Reserve::category2020)
            .value("quantity", Reserve::quantity)
            .value("unit", Reserve::unit)
            .value("unitNote", Reserve::unitNote)
            .value("categoryNote", Reserve::categoryNote);

    private final ReserveRepository repository;

    public ReserveFeature(ReserveRepository repository) {
        this.repository = repository;
    }

    @Override
    public String sdl() {
        return "reserve.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        // Reserve and DesignCapacity are records: their fields resolve by accessor.
    }

    /** The reserves of many blocks in one statement, for direct-written results (keys: blocks the caller sees). */
    public DirectJson.BatchLoader<java.util.UUID, java.util.List<Reserve>> reservesLoader() {
        return (caller, ids, fields) -> repository.reservesOf(ids);
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // Keys are ids of blocks the caller was already allowed to see.
        registry.register(RESERVES, DataLoaderFactory.newMappedDataLoader(
                (java.util.Set<java.util.UUID> ids) -> CompletableFuture.completedFuture(repository.reservesOf(ids))));
        registry.register(CAPACITIES, DataLoaderFactory.newMappedDataLoader(
                (java.util.Set<java.util.UUID> ids) -> CompletableFuture.completedFuture(repository.capacitiesOf(ids))));
    }
}
