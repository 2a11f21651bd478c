package zmd.registry.features;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/** The collections GIS clients can read, in the order they are listed, and who may see which. */
public final class FeatureCatalog {
    private final List<FeatureCollection> collections;
    private final Map<String, FeatureCollection> byId;
    private final FeatureReader reader;
    /** Extents scan a collection; a minute's staleness is harmless for a map's initial view. */
    private final Cache<String, FeatureReader.Extent> extents = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(64).build();

    public FeatureCatalog(List<FeatureCollection> collections, FeatureReader reader) {
        this.collections = List.copyOf(collections);
        this.byId = collections.stream().collect(Collectors.toUnmodifiableMap(FeatureCollection::id, Function.identity()));
        this.reader = reader;
    }

    public List<FeatureCollection> visibleTo(Caller caller) {
        return collections.stream().filter(c -> c.visibleTo(caller)).toList();
    }

    /** A collection by id: NOT_FOUND when there is none, FORBIDDEN when it is for staff and the caller is not. */
    public FeatureCollection get(Caller caller, String id) {
        FeatureCollection c = byId.get(id);
        if (c == null) {
            throw new RegistryException(ErrorCode.NOT_FOUND, "there is no collection " + zmd.registry.core.Texts.quoted(id)
                    + "; the collections are " + String.join(", ", visibleTo(caller).stream().map(FeatureCollection::id).toList()));
        }
        if (!c.visibleTo(caller)) {
            throw RegistryException.forbidden("collection " + id + " is for staff: send a staff key as Authorization: Bearer <key>");
        }
        return c;
    }

    public FeatureReader reader() {
        return reader;
    }

    public FeatureReader.Extent extent(FeatureCollection c, Caller caller) {
        return extents.get(c.id() + (caller.isStaff() ? "/staff" : "/public"), k -> reader.extent(c, caller));
    }
}
