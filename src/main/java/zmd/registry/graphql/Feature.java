package zmd.registry.graphql;

import graphql.schema.idl.RuntimeWiring;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;

/** A feature contributes one SDL file under schema/, its fetchers, and its per-request data loaders. */
public interface Feature {
    /** File name under schema/. */
    String sdl();

    void wire(RuntimeWiring.Builder wiring);

    /** Loaders are created per request: they cache, and what they return depends on the caller. */
    default void registerLoaders(DataLoaderRegistry registry, Caller caller) {
    }
}
