package zmd.registry.graphql;

import java.util.List;
import java.util.Map;
import zmd.registry.core.FieldTable;
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

    public static final FieldTable<PageInfo> PAGE_INFO_FIELDS = FieldTable.<PageInfo>of("PageInfo")
            .value("hasNextPage", List.of(), PageInfo::hasNextPage)
            .value("hasPreviousPage", List.of(), PageInfo::hasPreviousPage)
            .value("startCursor", List.of(), PageInfo::startCursor)
            .value("endCursor", List.of(), PageInfo::endCursor);
    private static final DirectJson.Shape<PageInfo> PAGE_INFO = FieldTables.shape(PAGE_INFO_FIELDS, Map.of());

    /** The field tables of a connection type and its edge type (named like it, with Edge for Connection). */
    public record Tables<T>(FieldTable<Connection<T>> connection, FieldTable<Edge<T>> edge) {
        public List<FieldTable<?>> both() {
            return List.of(connection, edge);
        }

        /** The direct-write shape of the connection, over the shape of its nodes. */
        public DirectJson.Shape<Connection<T>> shape(DirectJson.Shape<T> node) {
            String nodeType = edge.entry("node").objectType();
            DirectJson.Shape<Edge<T>> edgeShape = FieldTables.shape(edge, Map.of(nodeType, node));
            return FieldTables.shape(connection, Map.of("PageInfo", PAGE_INFO, nodeType, node, edge.type(), edgeShape));
        }
    }

    public static <T> Tables<T> tables(String connectionType, String nodeType) {
        String edgeType = connectionType.replace("Connection", "Edge");
        return new Tables<>(FieldTable.<Connection<T>>of(connectionType)
                .value("totalCount", List.of(), Connection::totalCount)
                .object("pageInfo", "PageInfo", List.of(), Connection::pageInfo)
                .objects("nodes", nodeType, List.of(), Connection::nodes)
                .objects("edges", edgeType, List.of(), Connection::edges),
                FieldTable.<Edge<T>>of(edgeType)
                        .value("cursor", List.of(), Edge::cursor)
                        .object("node", nodeType, List.of(), Edge::node));
    }
}
