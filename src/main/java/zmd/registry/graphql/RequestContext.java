package zmd.registry.graphql;

import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import zmd.registry.access.Caller;

/** What fetchers need from the request: the caller and the request's data loaders. */
public final class RequestContext {
    private RequestContext() {
    }

    public static Caller caller(DataFetchingEnvironment env) {
        Caller caller = env.getGraphQlContext().get(Caller.class);
        return caller != null ? caller : Caller.PUBLIC;
    }

    public static <K, V> CompletableFuture<V> load(DataFetchingEnvironment env, String loader, K key) {
        DataLoader<K, V> dl = env.getDataLoader(loader);
        if (dl == null) {
            throw new IllegalStateException("data loader " + loader + " is not registered");
        }
        return dl.load(key);
    }
}
