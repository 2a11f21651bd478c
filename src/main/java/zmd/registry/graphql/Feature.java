package zmd.registry.graphql;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;

/** A feature contributes one SDL file under schema/, its fetchers, and its per-request data loaders. */
public interface Feature {
    /** File name under schema/. */
    String sdl();

    void wire(RuntimeWiring.Builder wiring);

    /** The field tables of the types (and type extensions) this feature's SDL defines; checked at startup. */
    default List<FieldTable<?>> fieldTables() {
        return List.of();
    }

    /** Loaders are created per request: they cache, and what they return depends on the caller. */
    default void registerLoaders(DataLoaderRegistry registry, Caller caller) {
    }
}
