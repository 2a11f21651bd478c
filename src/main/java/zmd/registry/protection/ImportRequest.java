package zmd.registry.protection;

/**
 * A dataset to import into a layer. {@code srid}: EPSG code of the coordinates (4490, 4326, 4547 or 4526);
 * null means the file's legacy {@code crs} member, else 4326 as RFC 7946 says.
 */
public record ImportRequest(LayerCode layer, String datasetName, String version, String source, Integer srid, boolean repair) {
}
