package zmd.registry.graphql;

import java.util.List;
import zmd.registry.core.Page;

/** A service's {@link Page} as a Relay connection: nodes, edges with cursors, page info and the total count. */
public record Connection<T>(Page<T> page) {
    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    public List<T> nodes() {
        return page.items();
    }

    public List<Edge<T>> edges() {
        return page.items().stream().map(n -> new Edge<>(page.cursor(n), n)).toList();
    }

    public PageInfo pageInfo() {
        return new PageInfo(page.hasNextPage(), page.hasPreviousPage(), page.startCursor(), page.endCursor());
    }

    public long totalCount() {
        return page.totalCount();
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
}
