package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.protection.Layers.rect;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import zmd.registry.TestServer;

/**
 * Imported features keep their id in the source dataset (the GeoJSON id, else the code property), and an
 * overlap report names them by it: on the staging-table path and on farmland's direct COPY path.
 */
class SourceIdTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Four patches inside the block x 0..1000, y 0..500: with an id and a code, a numeric id, a code only (under
     * a survey field name), neither.
     */
    private static Layers fourPatches() {
        return new Layers()
                .feature(Map.of("patch_code", "P-1"), rect(100, 100, 200, 200)).id(NODES.textNode("JB-001"))
                .feature(Map.of("patch_code", "P-2"), rect(300, 100, 400, 200)).id(NODES.numberNode(new BigDecimal("1.50")))
                .feature(Map.of("TBBH", "P-3"), rect(500, 100, 600, 200))
                .feature(Map.of("land_class", "0101"), rect(700, 100, 800, 200));
    }

    private static final Map<String, String> EXPECTED = new HashMap<>();

    static {
        EXPECTED.put("P-1", "JB-001 from id");
        EXPECTED.put("P-2", "1.50 from id");
        EXPECTED.put("P-3", "P-3 from TBBH");
        EXPECTED.put(null, "null from null");
    }

    /** code → "sourceId from sourceIdProperty" of the features of the one rule checked, for the block x 0..1000, y 0..500 in the given CRS. */
    private static Map<String, String> sourceIds(String rule, String blockWkt) {
        JsonNode r = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, rules: [" + rule + "]) { "
                + "rules { verdict features { id code sourceId sourceIdProperty } } } }", Map.of("g", Map.of("wkt", blockWkt)));
        JsonNode rules = r.at("/overlapCheck/rules/0");
        assertEquals("CONFLICT", rules.get("verdict").asText(), rules.toString());
        Map<String, String> out = new HashMap<>();
        for (JsonNode f : rules.get("features")) {
            assertTrue(f.get("id").asText().matches("\\d+"), "id stays the database id: " + f);
            out.put(f.get("code").isNull() ? null : f.get("code").asText(), f.get("sourceId").asText() + " from " + f.get("sourceIdProperty").asText());
        }
        return out;
    }

    private static JsonNode importText(String layer, String version, String text, int srid, boolean repair) {
        return server.graphql(server.editorKey, """
                mutation($in: ImportLayerInput!) { importLayer(input: $in) { status message problems { featureId reason } } }""",
                Map.of("in", Map.of("layer", layer, "datasetName", "source ids", "version", version, "srid", srid, "text", text,
                        "repair", repair))).at("/data/importLayer");
    }

    @Test
    void farmlandThroughTheStagingTable() {
        JsonNode result = importText("BASIC_FARMLAND", "staged", fourPatches().json(), 4547, false);
        assertEquals("IMPORTED", result.get("status").asText(), result.toString());
        assertEquals(EXPECTED, sourceIds("BASIC_FARMLAND", Layers.wkt(0, 0, 1000, 500)));
    }

    @Test
    void farmlandThroughTheDirectCopy() {
        // Lon/lat without repair takes the direct COPY into the partition; with repair the staging table.
        String lonLat = toLonLat(fourPatches());
        String block = "SRID=4326;POLYGON((114 32.8, 114.01 32.8, 114.01 32.801, 114 32.801, 114 32.8))";
        // The direct path falls back to the staging table quietly but for a log line: watch for it.
        Logger log = (Logger) LoggerFactory.getLogger(LayerImporter.class);
        Level level = log.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        log.setLevel(Level.INFO);
        try {
            for (boolean repair : new boolean[] {false, true}) {
                JsonNode result = importText("BASIC_FARMLAND", "lonlat-" + repair, lonLat, 4326, repair);
                assertEquals("IMPORTED", result.get("status").asText(), result.toString());
                assertEquals(EXPECTED, sourceIds("BASIC_FARMLAND", block), "repair " + repair);
                if (!repair) {
                    assertTrue(events.list.stream().noneMatch(e -> e.getFormattedMessage().contains("through the staging table")),
                            "the direct COPY loaded the file: " + events.list);
                }
            }
        } finally {
            log.detachAppender(events);
            log.setLevel(level);
        }
    }

    @Test
    void redLinesAndMountainAreas() {
        JsonNode red = new Layers()
                .feature(Map.of("code", "RL-1", "name", "with id"), rect(0, 0, 100, 100)).id(NODES.textNode("hx 0001"))
                .feature(Map.of("code", "RL-2", "name", "code only"), rect(200, 0, 300, 100))
                .importAs(server, "RED_LINE", "ids");
        assertEquals("IMPORTED", red.at("/data/importLayer/status").asText(), red.toString());
        assertEquals(Map.of("RL-1", "hx 0001 from id", "RL-2", "RL-2 from code"), sourceIds("RED_LINE", Layers.wkt(0, 0, 1000, 500)));

        // A mountain area has no code column: its name stands in (see the SDL), and a GeoJSON id still wins.
        JsonNode mountains = new Layers()
                .feature(Map.of("name", "鸡公山"), rect(0, 0, 100, 100)).id(NODES.numberNode(7))
                .feature(Map.of("name", "嵖岈山"), rect(200, 0, 300, 100))
                .importAs(server, "MOUNTAIN_PROTECTION", "ids");
        assertEquals("IMPORTED", mountains.at("/data/importLayer/status").asText(), mountains.toString());
        JsonNode r = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, rules: [MOUNTAIN_PROTECTION]) { "
                + "rules { features { name sourceId sourceIdProperty } } } }", Map.of("g", Map.of("wkt", Layers.wkt(0, 0, 1000, 500))));
        Map<String, String> byName = new HashMap<>();
        r.at("/overlapCheck/rules/0/features").forEach(f -> byName.put(f.get("name").asText(),
                f.get("sourceId").asText() + " from " + f.get("sourceIdProperty").asText()));
        assertEquals(Map.of("鸡公山", "7 from id", "嵖岈山", "嵖岈山 from name"), byName);
    }

    /** The local x, y of a {@link Layers} file mapped to lon/lat: 1 m ≈ 1e-5° near (114, 32.8), enough for these checks. */
    private static String toLonLat(Layers layers) {
        ObjectNode root = layers.tree();
        for (JsonNode f : root.get("features")) {
            for (JsonNode polygon : f.at("/geometry/coordinates")) {
                for (JsonNode ring : polygon) {
                    for (JsonNode point : ring) {
                        ArrayNode p = (ArrayNode) point;
                        double x = p.get(0).asDouble() - Layers.E;
                        double y = p.get(1).asDouble() - Layers.N;
                        p.removeAll().add(114 + x * 1e-5).add(32.8 + y * 1e-6);
                    }
                }
            }
        }
        return root.toString();
    }
}
