package zmd.registry.graphql;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;

/**
 * Per-request loaders of records as they were at an instant (as-of reads): keys are an id and the instant, and a batch
 * makes one call per instant asked for, whatever the number of records.
 */
public final class PastLoader {
    private PastLoader() {
    }

    /** A record's id and the instant it is read as of. */
    public record Key(UUID id, OffsetDateTime at) {
    }

    /** {@code load}: the values of the ids as of the instant (ids without one are left out). */
    public static <V> DataLoader<Key, V> of(BiFunction<OffsetDateTime, List<UUID>, Map<UUID, V>> load) {
        return DataLoaderFactory.newMappedDataLoader((Set<Key> keys) -> {
            Map<Key, V> out = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(Key::at)).forEach((at, group) -> {
                Map<UUID, V> values = load.apply(at, group.stream().map(Key::id).toList());
                group.forEach(k -> {
                    V v = values.get(k.id());
                    if (v != null) {
                        out.put(k, v);
                    }
                });
            });
            return CompletableFuture.completedFuture(out);
        });
    }
}
