package zmd.registry.access;

/** Through what a sensitive read left the server; the access_log.protocol check lists the same names. */
public enum AccessProtocol {
    /** POST or GET /graphql. */
    GRAPHQL_HTTP,
    /** An operation over the graphql-transport-ws WebSocket at /graphql. */
    GRAPHQL_WS,
    /** OGC API – Features: /ogc/collections/{id}/items and one feature. */
    OGC_FEATURES,
    /** Vector tiles under /ogc (OGC API – Tiles, TileJSON clients). */
    OGC_TILES,
    /** A compliance report's JSON or PDF under /reports. */
    REPORT
}
