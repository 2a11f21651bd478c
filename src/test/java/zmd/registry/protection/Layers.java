package zmd.registry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import zmd.registry.TestServer;

/**
 * Hand-built layers for tests, in EPSG:4547 near 确山县 (easting 495 000, northing 3 612 000 is the origin of
 * the local x, y), so rectangles have areas known exactly.
 */
final class Layers {
    static final double E = 495_000;
    static final double N = 3_612_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
    private final ArrayNode features = collection.putArray("features");

    /** A polygon feature: rings of local (x, y) pairs, each closed here. */
    Layers feature(Map<String, String> properties, double[]... rings) {
        return multi(properties, new double[][][] {rings});
    }

    Layers multi(Map<String, String> properties, double[][][] polygons) {
        ObjectNode f = features.addObject().put("type", "Feature");
        ObjectNode p = f.putObject("properties");
        properties.forEach(p::put);
        ObjectNode g = f.putObject("geometry").put("type", "MultiPolygon");
        ArrayNode coordinates = g.putArray("coordinates");
        for (double[][] polygon : polygons) {
            ArrayNode poly = coordinates.addArray();
            for (double[] ring : polygon) {
                ArrayNode r = poly.addArray();
                for (int i = 0; i <= ring.length; i += 2) {
                    int j = i % ring.length;
                    r.addArray().add(E + ring[j]).add(N + ring[j + 1]);
                }
            }
        }
        return this;
    }

    /** Gives the last feature a GeoJSON id, written as the node is (a string, or a number's literal text). */
    Layers id(JsonNode id) {
        ((ObjectNode) features.get(features.size() - 1)).set("id", id);
        return this;
    }

    /** A copy of the collection, for tests that rewrite it (re-parsing the text would reformat numeric ids). */
    ObjectNode tree() {
        return collection.deepCopy();
    }

    String json() {
        return collection.toString();
    }

    /** Corners of a rectangle in local coordinates, counter-clockwise, not closed. */
    static double[] rect(double x0, double y0, double x1, double y1) {
        return new double[] {x0, y0, x1, y0, x1, y1, x0, y1};
    }

    static String wkt(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "SRID=4547;POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f))", E + x0, N + y0, E + x1, N + y0,
                E + x1, N + y1, E + x0, N + y1, E + x0, N + y0);
    }

    /** Imports through the GraphQL mutation (pasted text, EPSG:4547) and returns the result. */
    JsonNode importAs(TestServer server, String layer, String version) {
        return importAs(server, server.editorKey, layer, version);
    }

    JsonNode importAs(TestServer server, String key, String layer, String version) {
        return server.graphql(key, """
                mutation($in: ImportLayerInput!) { importLayer(input: $in) {
                  status message srid featuresRead featuresLoaded problemCount repairCount
                  problems { index line featureId reason }
                  repairs { index featureId reason areaBeforeM2 areaAfterM2 accepted }
                  dataset { id layer name version current featureCount importedBy } } }""",
                Map.of("in", Map.of("layer", layer, "datasetName", "test " + layer, "version", version, "srid", 4547, "text", json())));
    }

    static List<String> codes(JsonNode rule) {
        return java.util.stream.StreamSupport.stream(rule.get("features").spliterator(), false).map(f -> f.get("code").asText()).toList();
    }
}
