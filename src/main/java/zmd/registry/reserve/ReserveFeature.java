package zmd.registry.reserve;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.PastLoader;

/** Reserve and capacity types, and the per-request loaders that fetch them for many blocks in one statement. */
public final class ReserveFeature implements Feature {
    public static final String RESERVES = "reserves";
    public static final String CAPACITIES = "designCapacities";
    /** The same as of an instant (keys: {@link PastLoader.Key}). */
    public static final String RESERVES_AS_OF = "reservesAsOf";
    public static final String CAPACITIES_AS_OF = "designCapacitiesAsOf";

    /** Reserves and capacities are read whole with their block's id: their fields need no column of their own. */
    public static final FieldTable<Reserve> RESERVE = FieldTable.<Reserve>of("Reserve")
            .value("mineral", List.of(), Reserve::mineral)
            .value("category", List.of(), Reserve::category)
            .value("categoryStandard", List.of(), Reserve::categoryStandard)
            .value("category2020", List.of(), Reserve::category2020)
            .value("quantity", List.of(), Reserve::quantity)
            .value("unit", List.of(), Reserve::unit)
            .value("unitNote", List.of(), Reserve::unitNote)
            .value("categoryNote", List.of(), Reserve::categoryNote);
    public static final FieldTable<DesignCapacity> CAPACITY = FieldTable.<DesignCapacity>of("DesignCapacity")
            .value("mineral", List.of(), DesignCapacity::mineral)
            .value("quantityPerYear", List.of(), DesignCapacity::quantityPerYear)
            .value("unit", List.of(), DesignCapacity::unit)
            .value("unitPerYear", List.of(), DesignCapacity::unitPerYear);

    /** A reserve as other features' direct-written results nest it. */
    public static final DirectJson.Shape<Reserve> SHAPE = FieldTables.shape(RESERVE, Map.of());
    public static final DirectJson.Shape<DesignCapacity> CAPACITY_SHAPE = FieldTables.shape(CAPACITY, Map.of());

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
        // Every field is read as the tables say; nothing else to wire.
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(RESERVE, CAPACITY);
    }

    /** The reserves of many blocks in one statement, for direct-written results (keys: blocks the caller sees). */
    public DirectJson.BatchLoader<java.util.UUID, java.util.List<Reserve>> reservesLoader() {
        return (caller, ids, fields) -> repository.reservesOf(ids);
    }

    /** The design capacities of many blocks in one statement, for direct-written results. */
    public DirectJson.BatchLoader<java.util.UUID, java.util.List<DesignCapacity>> capacitiesLoader() {
        return (caller, ids, fields) -> repository.capacitiesOf(ids);
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // Keys are ids of blocks the caller was already allowed to see.
        registry.register(RESERVES, DataLoaderFactory.newMappedDataLoader(
                (java.util.Set<java.util.UUID> ids) -> CompletableFuture.completedFuture(repository.reservesOf(ids))));
        registry.register(CAPACITIES, DataLoaderFactory.newMappedDataLoader(
                (java.util.Set<java.util.UUID> ids) -> CompletableFuture.completedFuture(repository.capacitiesOf(ids))));
        registry.register(RESERVES_AS_OF, PastLoader.of((at, ids) -> repository.reservesOf(ids, at)));
        registry.register(CAPACITIES_AS_OF, PastLoader.of((at, ids) -> repository.capacitiesOf(ids, at)));
    }
}
