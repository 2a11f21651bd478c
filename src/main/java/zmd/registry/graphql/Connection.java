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
    private final boolean hasNextPage;
    private final boolean hasPreviousPage;
    private final Function<T, String> cursor;
    private final LongSupplier count;
    private Long totalCount;

    /** Cursors are encoded only for the edges and page info a client selects. */
    public Connection(List<T> nodes, boolean hasNextPage, boolean hasPreviousPage, Function<T, String> cursor, LongSupplier count) {
        this.nodes = nodes;
        this.hasNextPage = hasNextPage;
        this.hasPreviousPage = hasPreviousPage;
        this.cursor = cursor;
        this.count = count;
    }

    public List<T> nodes() {
        return nodes;
    }

    public List<Edge<T>> edges() {
        return nodes.stream().map(n -> new Edge<>(cursor.apply(n), n)).toList();
    }

    public PageInfo pageInfo() {
        return new PageInfo(hasNextPage, hasPreviousPage,
                nodes.isEmpty() ? null : cursor.apply(nodes.getFirst()), nodes.isEmpty() ? null : cursor.apply(nodes.getLast()));
    }

    /** The direct-write shape of a connection type (its edge type is named like it, with Edge for Connection). */
    public static <T> DirectJson.Shape<Connection<T>> shape(String connectionType, DirectJson.Shape<T> node) {
        DirectJson.Shape<Edge<T>> edge = new DirectJson.Shape<Edge<T>>(connectionType.replace("Connection", "Edge"))
                .value("cursor", Edge::cursor)
                .object("node", Edge::node, node);
        return new DirectJson.Shape<Connection<T>>(connectionType)
                .value("totalCount", Connection::totalCount)
                .object("pageInfo", Connection::pageInfo, PAGE_INFO)
                .list("nodes", Connection::nodes, node)
                .list("edges", Connection::edges, edge);
    }

    private static final DirectJson.Shape<PageInfo> PAGE_INFO = new DirectJson.Shape<PageInfo>("PageInfo")
            .value("hasNextPage", PageInfo::hasNextPage)
            .value("hasPreviousPage", PageInfo::hasPreviousPage)
            .value("startCursor", PageInfo::startCursor)
            .value("endCursor", PageInfo::endCursor);

    public synchronized long totalCount() {
        if (totalCount == null) {
            totalCount = count.getAsLong();
        }
        return totalCount;
    }
}
