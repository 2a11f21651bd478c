package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** Hostile geometry input (deep nesting, NaN, infinities, huge numbers) is refused with a short, precise message. */
class GeometryInputLimitsTest {
    private static final String CREATE = "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }";
    private static TestServer server;
    private static int seq;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> input(Object geometry) {
        Map<String, Object> in = new HashMap<>();
        in.put("code", "L-" + (++seq));
        in.put("name", "limits " + seq);
        in.put("county", "泌阳县");
        in.put("elevationTopM", 300);
        in.put("elevationBottomM", 120);
        in.put("geometry", geometry);
        in.put("reserves", List.of(Map.of("mineral", "建筑用砂", "quantity", "1", "unit", "万吨", "category", "333")));
        return in;
    }

    private static long parcelCount() {
        return server.data(server.viewerKey, "{ mineParcels { totalCount } }").at("/mineParcels/totalCount").asLong();
    }

    /** Sends the body as it is (so nesting is not limited by the test's own JSON writer) and checks the refusal. */
    private static JsonNode refusedRaw(String body, String code, String messagePart) throws IOException {
        long before = parcelCount();
        HttpResponse<String> response = server.post("/graphql", body, server.editorKey, "application/json");
        assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.body());
        JsonNode r = TestServer.JSON.readTree(response.body());
        assertEquals(code, TestServer.errorCode(r), String.valueOf(r));
        String message = TestServer.errorMessage(r);
        assertTrue(message.contains(messagePart), message);
        assertTrue(message.length() < 300, "message is bounded: " + message.length() + " characters");
        assertEquals(before, parcelCount(), "nothing written");
        return r;
    }

    private static JsonNode refused(Object geometry, String code, String messagePart) throws IOException {
        String body = TestServer.JSON.writeValueAsString(Map.of("query", CREATE, "variables", Map.of("in", input(geometry))));
        return refusedRaw(body, code, messagePart);
    }

    /** A createMineParcel body whose geometry is the given JSON text, spliced in unparsed. */
    private static String bodyWithGeometry(String geometryJson) throws IOException {
        String marker = "\"__GEOMETRY__\"";
        String body = TestServer.JSON.writeValueAsString(Map.of("query", CREATE, "variables", Map.of("in", input("__GEOMETRY__"))));
        return body.replace(marker, geometryJson);
    }

    @Test
    void deeplyNestedWktIsRefused() throws IOException {
        String wkt = "GEOMETRYCOLLECTION(".repeat(20_000) + "POINT(1 1)" + ")".repeat(20_000);
        refused(Map.of("wkt", wkt), "INVALID_GEOMETRY", "nests");
    }

    @Test
    void nonFiniteWktCoordinatesAreRefused() throws IOException {
        refused(Map.of("wkt", "POLYGON((nan nan,1 1,1 0,nan nan))"), "INVALID_GEOMETRY", "finite");
        refused(Map.of("wkt", "SRID=4547;POLYGON((Infinity 3620000, 451000 3620000, 451000 3621000, Infinity 3620000))"), "INVALID_GEOMETRY", "finite");
        refused(Map.of("wkt", "SRID=4547;POLYGON((450000 3620000, 451000 3620000, 451000 3621000, 450000 3621000))"), "INVALID_GEOMETRY", "closed");
    }

    @Test
    void hugeCoordinatesAreRefusedWithoutEchoingThemInFull() throws IOException {
        refused(Map.of("wkt", "SRID=4547;POLYGON((1e308 1e308, 1.5e308 1e308, 1e308 -1e308, 1e308 1e308))"), "INVALID_GEOMETRY", "not a plausible");
        refused(Map.of("geojson", Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(1e300, 1e300), List.of(2e300, 1e300), List.of(2e300, 2e300), List.of(1e300, 1e300))))),
                "INVALID_GEOMETRY", "not longitude/latitude");
        refused(Map.of("cornerPoints", Map.of("rings", List.of(Map.of("points", List.of(
                        Map.of("x", 1e300, "y", 1e300), Map.of("x", 2e300, "y", 1e300), Map.of("x", 2e300, "y", 2e300)))))),
                "INVALID_GEOMETRY", "corner point 1");
    }

    @Test
    void geoJsonBeyondDoubleRangeIsRefused() throws IOException {
        // 1e400 overflows a double: it must not become Infinity and then an internal error.
        refusedRaw(bodyWithGeometry("{\"geojson\":{\"type\":\"Polygon\",\"coordinates\":[[[1e400,1],[2,1],[2,2],[1e400,1]]]}}"),
                "INVALID_GEOMETRY", "finite");
    }

    @Test
    void deeplyNestedGeoJsonIsRefused() throws IOException {
        String deep = "[".repeat(20_000) + "1" + "]".repeat(20_000);
        JsonNode r = refusedRaw(bodyWithGeometry("{\"geojson\":{\"type\":\"Polygon\",\"coordinates\":" + deep + "}}"),
                "BAD_REQUEST", "at most 1000 levels of nesting");
        assertTrue(!TestServer.errorMessage(r).contains("Constraints"), "no Java class named: " + TestServer.errorMessage(r));
    }

    @Test
    void deeplyNestedGeoJsonLiteralIsRefused() throws IOException {
        String deep = "[".repeat(20_000) + "1" + "]".repeat(20_000);
        String query = "mutation { createMineParcel(input: {code: \"L-lit\", name: \"x\", county: \"泌阳县\", elevationTopM: 300,"
                + " elevationBottomM: 120, reserves: [], geometry: {geojson: {type: \"Polygon\", coordinates: " + deep + "}}}) { id } }";
        refusedRaw(TestServer.JSON.writeValueAsString(Map.of("query", query)), "GRAPHQL_PARSE_FAILED", "More than 500 deep");
    }
}
