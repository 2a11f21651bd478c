package zmd.registry.graphql;

/**
 * GeoJSON text produced by PostGIS ({@code ST_AsGeoJSON}). It is written into the response as is,
 * so geometry is never parsed and re-encoded by the server.
 */
public record GeoJson(String json) {
}
