package zmd.registry.graphql;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A Relay connection page. {@code totalCount} runs its query only when a client selects it.
 * Pagination is forward-only (first/after); hasPreviousPage says whether a cursor was given.
 */
public final class Connection<T> {
    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    private final List<T> nodes;
    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;
    private final LongSupplier count;
    private Long totalCount;

    public Connection(List<T> nodes, boolean hasNextPage, boolean hasPreviousPage, Function<T, String> cursor, LongSupplier count) {
        this.nodes = nodes;
        this.edges = nodes.stream().map(n -> new Edge<>(cursor.apply(n), n)).toList();
        this.pageInfo = new PageInfo(hasNextPage, hasPreviousPage,
                edges.isEmpty() ? null : edges.getFirst().cursor(), edges.isEmpty() ? null : edges.getLast().cursor());
        this.count = count;
    }

    public List<T> nodes() {
        return nodes;
    }

    public List<Edge<T>> edges() {
        return edges;
    }

    public PageInfo pageInfo() {
        return pageInfo;
    }

    public synchronized long totalCount() {
        if (totalCount == null) {
            totalCount = count.getAsLong();
        }
        return totalCount;
    }
}
