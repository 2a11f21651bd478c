package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** A legacy {@code crs} member on a feature or its geometry (GeoJSON 2008, written by many tools) is honoured or refused precisely. */
class CrsMemberImportTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String crs(String name) {
        return "{\"type\":\"name\",\"properties\":{\"name\":\"" + name + "\"}}";
    }

    /** A 100 m square red line in EPSG:4547 coordinates, with optional crs members on the feature and on its geometry. */
    private static String feature(String code, double x, String featureCrs, String geometryCrs) {
        double e = Layers.E + x;
        double n = Layers.N;
        return String.format(Locale.ROOT, "{\"type\":\"Feature\",%s\"properties\":{\"code\":\"%s\"},\"geometry\":{%s\"type\":\"Polygon\","
                        + "\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}}",
                featureCrs == null ? "" : "\"crs\":" + featureCrs + ",", code, geometryCrs == null ? "" : "\"crs\":" + geometryCrs + ",",
                e, n, e + 100, n, e + 100, n + 100, e, n + 100, e, n);
    }

    private static JsonNode importFeatures(String version, String... features) {
        String text = "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
        return server.data(server.editorKey, "mutation($in: ImportLayerInput!) { importLayer(input: $in) {"
                        + " status message srid featuresLoaded problems { index featureId reason } } }",
                Map.of("in", Map.of("layer", "RED_LINE", "datasetName", "crs test", "version", version, "text", text))).get("importLayer");
    }

    @Test
    void aGeometryLevelCrsMemberSetsTheFilesCrs() {
        JsonNode r = importFeatures("g1", feature("G-1", 0, null, crs("urn:ogc:def:crs:EPSG::4547")),
                feature("G-2", 200, null, crs("EPSG:4547")));
        assertEquals("IMPORTED", r.get("status").asText(), r.toString());
        assertEquals(4547, r.get("srid").asInt());
        assertEquals(2, r.get("featuresLoaded").asInt());
    }

    @Test
    void aFeatureLevelCrsMemberSetsTheFilesCrs() {
        JsonNode r = importFeatures("f1", feature("F-1", 0, crs("EPSG:4547"), null), feature("F-2", 200, null, null));
        assertEquals("IMPORTED", r.get("status").asText(), r.toString());
        assertEquals(4547, r.get("srid").asInt());
    }

    @Test
    void conflictingCrsMembersAreRefusedPerFeature() {
        JsonNode r = importFeatures("c1", feature("C-1", 0, null, crs("EPSG:4547")), feature("C-2", 200, null, crs("EPSG:4490")),
                feature("C-3", 400, crs("EPSG:4547"), crs("EPSG:4490")));
        assertEquals("REJECTED", r.get("status").asText(), r.toString());
        JsonNode problems = r.get("problems");
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("C-2", problems.get(0).get("featureId").asText());
        assertEquals("the feature's crs member names EPSG:4490 but the file is read as EPSG:4547", problems.get(0).get("reason").asText());
        assertEquals("C-3", problems.get(1).get("featureId").asText());
        assertEquals("the feature's crs member names EPSG:4547 but its geometry's names EPSG:4490", problems.get(1).get("reason").asText());
    }

    @Test
    void unknownCrsMembersAreRefused() {
        JsonNode r = importFeatures("u1", feature("U-1", 0, null, crs("EPSG:4547")), feature("U-2", 200, null, crs("Beijing 1954")));
        assertEquals("REJECTED", r.get("status").asText(), r.toString());
        assertTrue(r.at("/problems/0/reason").asText().startsWith("the geometry's crs member names no EPSG code"), r.toString());
        JsonNode unsupported = importFeatures("u2", feature("U-3", 0, null, crs("EPSG:3857")));
        assertEquals("REJECTED", unsupported.get("status").asText(), unsupported.toString());
        assertTrue(unsupported.get("message").asText().contains("EPSG:3857"), unsupported.toString());
    }
}
