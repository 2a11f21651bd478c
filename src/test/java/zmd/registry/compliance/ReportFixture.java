package zmd.registry.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static zmd.registry.LocalGrid.rect;
import static zmd.registry.LocalGrid.wkt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import zmd.registry.TestServer;

/**
 * A server with one block and hand-built layers in EPSG:4547 near 确山县 (local x, y from easting 495 000, northing
 * 3 612 000), so the report's areas are known exactly. The block is x 0..1000, y 0..500 (500 000 m²):
 * <ul>
 * <li>red line RL-1 x 800..1300, y -200..200: 40 000 m² inside (a conflict);</li>
 * <li>farmland P-1 x 100..300, y 100..200 (20 000 m², wholly inside) and P-2, a 0.5 m² sliver along y = 0;</li>
 * <li>a mountain-list area far away (clear);</li>
 * <li>planned zone Z-1 x -100..900, y -100..600: 50 000 m² of the block lies outside it.</li>
 * </ul>
 */
final class ReportFixture implements AutoCloseable {

    final TestServer server = TestServer.empty();
    final String blockId;

    ReportFixture() {
        layer("RED_LINE", "{\"code\":\"RL-1\",\"name\":\"生态红线一号\"}", rect(800, -200, 1300, 200));
        layer("BASIC_FARMLAND", "{\"patch_code\":\"P-1\",\"land_class\":\"0101\"}", rect(100, 100, 300, 200),
                "{\"patch_code\":\"P-2\"}", rect(0, -100, 1000, 0.0005));
        layer("MOUNTAIN_PROTECTION", "{\"name\":\"远山\"}", rect(5000, 5000, 5200, 5200));
        layer("PLANNED_ZONE", "{\"zone_code\":\"Z-1\"}", rect(-100, -100, 900, 600));
        JsonNode r = server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", Map.of("code", "T-REPORT-1", "name", "测试矿区一号", "county", "确山县", "status", "PLANNED",
                        "geometry", Map.of("wkt", wkt(0, 0, 1000, 500)))));
        blockId = r.at("/createMineParcel/id").asText();
    }

    /** The report of the block, as GraphQL gives it to the editor. */
    JsonNode report() {
        return server.data(server.editorKey, "query($id: ID!) { complianceReport(parcelId: $id) { id parcelId parcelVersion asOf verdict json sha256"
                + " signature keyFingerprint pdfUrl jsonUrl createdAt createdBy } }", Map.of("id", blockId)).get("complianceReport");
    }

    /** Features as pairs of (properties JSON, polygon GeoJSON coordinates). */
    private void layer(String layer, String... propertiesAndRings) {
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < propertiesAndRings.length; i += 2) {
            features.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":").append(propertiesAndRings[i])
                    .append(",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[").append(propertiesAndRings[i + 1]).append("]}}");
        }
        JsonNode r = server.graphql(server.editorKey, "mutation($in: ImportLayerInput!) { importLayer(input: $in) { status message } }",
                Map.of("in", Map.of("layer", layer, "datasetName", "测试 " + layer, "version", "t-2024", "srid", 4547,
                        "text", "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}")));
        assertEquals("IMPORTED", r.at("/data/importLayer/status").asText(), r.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
