package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * Selections answered on the ordinary path are counted at /metrics by reason; the benchmark documents and the
 * README's platform page have none.
 */
class DirectFallbacksTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final Pattern FALLBACK = Pattern.compile("^graphql_direct_fallbacks_total\\{reason=\"([^\"]*)\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    /** The fallback counts by reason, as /metrics shows them. */
    private static Map<String, Double> fallbacks() {
        Map<String, Double> out = new TreeMap<>();
        Matcher m = FALLBACK.matcher(server.get("/metrics", null).body());
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private static String document(String file) throws IOException {
        return Files.readString(Path.of("bench/graphql", file));
    }

    @Test
    void theBenchmarkDocumentsAndTheReadmePlatformPageHaveNoFallbacks() throws IOException {
        Map<String, Double> before = fallbacks();
        String cursor = server.data(server.editorKey, "{ listingChanges(first: 3) { endCursor } }").at("/listingChanges/endCursor").asText();
        for (String key : new String[] {server.platformKey, server.viewerKey}) {
            server.data(key, document("parcels_bbox.graphql"),
                    Map.of("bbox", Map.of("minLon", 113.3, "minLat", 32.3, "maxLon", 115.2, "maxLat", 33.6)));
            server.data(key, document("listings_page.graphql"));
            server.data(key, document("listing_changes.graphql"), Map.of("after", cursor));
            server.data(key, DirectJsonTest.README_PAGE);
        }
        assertEquals(before, fallbacks());
    }

    @Test
    void aSelectionTheShapesDoNotCoverIsCountedByItsReason() {
        String reason = "County.boundary is not in its direct shape";
        double before = fallbacks().getOrDefault(reason, 0.0);
        server.data(server.viewerKey, "{ mineParcels(first: 2) { nodes { code county { boundary } } } }");
        server.data(server.viewerKey, "{ mineParcels(first: 2) { nodes { code county { boundary } } } }");
        Map<String, Double> after = fallbacks();
        assertEquals(before + 2, after.get(reason), after.toString());
        assertTrue(after.keySet().stream().noneMatch(r -> r.contains("ZMD-")), "reasons never carry values: " + after);

        String refused = "a refused argument or value: BAD_USER_INPUT";
        double refusedBefore = after.getOrDefault(refused, 0.0);
        JsonNode answer = server.graphql(server.viewerKey, "{ mineParcels(first: 2) { nodes { code wkt(precision: 99) } } }", null);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(answer), answer.toString());
        assertEquals(refusedBefore + 1, fallbacks().get(refused), fallbacks().toString());
    }
}
