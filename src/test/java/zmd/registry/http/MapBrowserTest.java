package zmd.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.demo.DemoData;

/**
 * The staff map (/map) in a real headless Chromium ({@link Chromium}) on the demo register: the key is entered in
 * the page's form, and what the page shows is read from the screen's pixels and the panel's text, compared with
 * what the GraphQL API says. Where things are comes from the demo data ({@link DemoData}, {@code DemoLayers}),
 * placed in EPSG:4547 and converted to longitude/latitude by PostGIS, not by the page. Screenshots are left in
 * target/map-*.png for a human.
 */
class MapBrowserTest {
    /** Fill colours of the legend (map.js): blocks by status, opaque. */
    private static final Map<String, Integer> STATUS = Map.of("PLANNED", 0x6741d9, "LISTED", 0xf76707, "GRANTED", 0x1971c2,
            "EXPIRED", 0x868e96, "CANCELLED", 0x343a40);
    /** The map's plain background (map.css): no base map from the internet. */
    private static final int BACKGROUND = 0xf5f3ee;
    /** The protected layers' fills as drawn over the background (colour and opacity as in map.js). */
    private static final int RED_LINE = over(0xe03131, 0.5);
    private static final int FARMLAND = over(0xfacc15, 0.6);
    private static final int MOUNTAIN = over(0x9c6644, 0.45);
    private static final int PLANNED_ZONE = over(0x0ca678, 0.15);
    /** Per channel: the canvas rounds blended colours. */
    private static final int TOLERANCE = 6;

    private static final String RULES_IN_PANEL = """
            [...document.querySelectorAll('%s tr[data-rule]')].reduce((o, tr) => { o[tr.dataset.rule] = tr.innerText; return o; }, {})""";

    @Test
    void theStaffMapShowsTheRegisterAndChecksBlocks() throws Exception {
        try (TestServer server = TestServer.withDemoData(); Chromium page = Chromium.open(server.url("/map"))) {
            page.waitFor("document.body.dataset.state === 'no-key'", 30, "the page to ask for a key");
            page.clickElement("#key");
            page.type(server.viewerKey);
            page.clickElement("#key-use");
            page.waitFor("document.body.dataset.state === 'ready'", 60, "the first tiles to render");
            screenshot(page, "map-overview");

            Map<String, JsonNode> blocks = new HashMap<>();
            for (JsonNode b : server.data(server.viewerKey, "{ mineParcels(first: 50) { nodes { id code status"
                    + " centroid(crs: EPSG_4326) gk: centroid(crs: EPSG_4547) } } }").at("/mineParcels/nodes")) {
                blocks.put(b.get("code").asText(), b);
            }
            assertEquals(11, blocks.size());

            // 2. Tiles render: the blocks of 泌阳县 (1-7) in their status colours, and the protected layers around them.
            show(page, lonLat(server, 447_000, 3_625_500), 12);
            BufferedImage biyang = screenshot(page, "map-blocks");
            for (int seq = 1; seq <= 7; seq++) {
                JsonNode b = blocks.get(DemoData.code(seq));
                assertColour(biyang, pixel(page, centroid(b)), STATUS.get(b.get("status").asText()), b.get("code") + " (" + b.get("status") + ")");
            }
            double[] redLine = pixel(page, lonLat(server, 436_500, 3_619_000)); // DEMO-HX-03, clear of everything else
            double[] mountain = pixel(page, lonLat(server, 458_500, 3_621_000)); // 演示山体二
            double[] zone = pixel(page, lonLat(server, 450_500, 3_623_000)); // inside DEMO-BY-1, between blocks
            assertColour(biyang, redLine, RED_LINE, "red line DEMO-HX-03");
            assertColour(biyang, mountain, MOUNTAIN, "mountain-protection area 演示山体二");
            assertColour(biyang, zone, PLANNED_ZONE, "planned zone DEMO-BY-1");

            // The pointer readout in CGCS2000 lon/lat and in Gauss-Krüger zone 38 (X northing, Y easting).
            JsonNode first = blocks.get(DemoData.code(1));
            double[] at = pixel(page, centroid(first));
            page.mouseMove(at[0], at[1]);
            page.waitFor("document.getElementById('gk-x').textContent !== '–'", 10, "the pointer readout");
            double metresPerPixel = page.evaluate("registryMap.map.getView().getResolution()"
                    + " * Math.cos(registryMap.map.getView().getCenter()[1] / 6378137)").asDouble();
            assertReadout(page, first, metresPerPixel);

            // 3. A real click on block 1 shows its details and the verdict the API gives for it.
            page.click(at[0], at[1]);
            page.waitFor("document.getElementById('block-section').dataset.state === 'ready'", 30, "the block's panel");
            screenshot(page, "map-block-panel");
            String panel = page.evaluate("document.getElementById('block-section').innerText").asText();
            JsonNode report = server.data(server.viewerKey, "query($id: ID!) { mineParcel(id: $id) { code name county { name } status"
                    + " overlapCheck { verdict rules { rule verdict summary } } } }", Map.of("id", first.get("id").asText()))
                    .at("/mineParcel");
            assertTrue(panel.contains(report.get("code").asText()), panel);
            assertTrue(panel.contains(report.get("name").asText()), panel);
            assertTrue(panel.contains(report.at("/county/name").asText()), panel);
            assertTrue(panel.contains(report.get("status").asText()), panel);
            assertTrue(panel.contains("亩"), panel);
            assertVerdictShown(page, "#block", panel, report.get("overlapCheck"));

            // 5. Toggling a layer off takes its colour off the screen, and leaves the rest.
            page.clickElement("input[data-layer='red-lines']");
            page.waitFor("document.body.dataset.state === 'ready'", 30, "the map without red lines");
            BufferedImage noRedLines = screenshot(page, "map-red-lines-off");
            assertColour(noRedLines, redLine, BACKGROUND, "where red line DEMO-HX-03 was, with red lines off");
            assertColour(noRedLines, mountain, MOUNTAIN, "mountain-protection area, red lines off");
            page.clickElement("input[data-layer='red-lines']");
            page.waitFor("document.body.dataset.state === 'ready'", 30, "the map with red lines again");
            assertColour(screenshot(page, "map-red-lines-on"), redLine, RED_LINE, "red line DEMO-HX-03, on again");

            // The blocks of 确山县 (8-11) and red line DEMO-HX-02 east of them.
            show(page, lonLat(server, 497_000, 3_614_000), 12);
            BufferedImage queshan = screenshot(page, "map-queshan");
            for (int seq = 8; seq <= 11; seq++) {
                JsonNode b = blocks.get(DemoData.code(seq));
                assertColour(queshan, pixel(page, centroid(b)), STATUS.get(b.get("status").asText()), b.get("code") + " (" + b.get("status") + ")");
            }
            assertColour(queshan, pixel(page, lonLat(server, 502_500, 3_614_000)), RED_LINE, "red line DEMO-HX-02");

            // Basic farmland, served from a minimum zoom: a patch of field A outside every planned zone, then off.
            show(page, lonLat(server, 443_500, 3_629_400), 14);
            double[] patch = pixel(page, lonLat(server, 443_090, 3_629_615));
            assertColour(screenshot(page, "map-farmland"), patch, FARMLAND, "farmland patch DEMO-JBNT-A");
            page.clickElement("input[data-layer='basic-farmland']");
            page.waitFor("document.body.dataset.state === 'ready'", 30, "the map without farmland");
            assertColour(screenshot(page, "map-farmland-off"), patch, BACKGROUND, "where the farmland patch was, with farmland off");
            page.clickElement("input[data-layer='basic-farmland']");
            page.waitFor("document.body.dataset.state === 'ready'", 30, "the map with farmland again");

            // 4. A pasted corner table (zone-prefixed Y) gets the pre-check verdict the API gives for the same corners.
            double[][] corners = {{3_627_800, 38_449_600}, {3_627_800, 38_451_200}, {3_629_000, 38_451_200}, {3_629_000, 38_449_600}};
            StringBuilder table = new StringBuilder("点号, X, Y\n");
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < corners.length; i++) {
                table.append(String.format(Locale.ROOT, "J%d, %.3f, %.3f%n", i + 1, corners[i][0], corners[i][1]));
                points.add(Map.of("no", i + 1, "x", corners[i][0], "y", corners[i][1]));
            }
            page.clickElement("#corners");
            page.type(table.toString());
            page.evaluate("document.body.dataset.state = 'moving'");
            page.clickElement("#check-corners");
            page.waitFor("document.getElementById('proposal').dataset.state === 'ready'", 30, "the pre-check");
            page.waitFor("document.body.dataset.state === 'ready'", 30, "the map around the proposed block");
            BufferedImage precheck = screenshot(page, "map-precheck");
            String proposal = page.evaluate("document.getElementById('proposal').innerText").asText();
            JsonNode expected = server.data(server.viewerKey, "query($g: GeometryInput!) { overlapCheck(geometry: $g) { verdict rules { rule verdict summary } } }",
                    Map.of("g", Map.of("cornerPoints", Map.of("rings", List.of(Map.of("points", points)))))).get("overlapCheck");
            assertEquals("CONFLICT", expected.get("verdict").asText(), "the demo's proposed block overlaps red line and farmland");
            assertVerdictShown(page, "#proposal", proposal, expected);
            // The conflicts are drawn over the map: magenta inside the proposed block's corners.
            double[] sw = pixel(page, lonLat(server, 449_600, 3_627_800));
            double[] ne = pixel(page, lonLat(server, 451_200, 3_629_000));
            int conflict = count(precheck, sw, ne, rgb -> red(rgb) > 180 && blue(rgb) > 150 && green(rgb) < 120);
            assertTrue(conflict > 2_000, conflict + " magenta pixels inside the proposed block");

            // A polygon drawn with real clicks (inside planned zone DEMO-BY-1, between the blocks) gets the pre-check
            // the API gives for the corners the page lists for it.
            show(page, lonLat(server, 450_500, 3_623_000), 14);
            page.clickElement("#draw");
            double[][] drawn = {{450_300, 3_622_800}, {450_700, 3_622_800}, {450_700, 3_623_200}, {450_300, 3_623_200}, {450_300, 3_622_800}};
            for (double[] corner : drawn) {
                double[] p = pixel(page, lonLat(server, corner[0], corner[1]));
                page.click(p[0], p[1]);
                Thread.sleep(150);
            }
            page.waitFor("document.getElementById('proposal').dataset.state === 'ready'", 30, "the pre-check of the drawn polygon");
            screenshot(page, "map-drawn");
            String drawnTable = page.evaluate("document.getElementById('corners').value").asText();
            List<Map<String, Object>> drawnPoints = new ArrayList<>();
            for (String line : drawnTable.split("\n")) {
                String[] cells = line.split(",\\s*");
                drawnPoints.add(Map.of("no", Integer.parseInt(cells[0]), "x", Double.parseDouble(cells[1]), "y", Double.parseDouble(cells[2])));
            }
            assertEquals(4, drawnPoints.size(), drawnTable);
            JsonNode drawnExpected = server.data(server.viewerKey, "query($g: GeometryInput!) { overlapCheck(geometry: $g) { verdict rules { rule verdict summary } } }",
                    Map.of("g", Map.of("cornerPoints", Map.of("rings", List.of(Map.of("points", drawnPoints)))))).get("overlapCheck");
            assertVerdictShown(page, "#proposal", page.evaluate("document.getElementById('proposal').innerText").asText(), drawnExpected);
            // The corners listed are where the clicks were, to a few metres (one pixel is about 8 m at zoom 14).
            assertEquals(3_622_800, (double) drawnPoints.get(0).get("x"), 20, drawnTable);
            assertEquals(450_300, (double) drawnPoints.get(0).get("y"), 20, drawnTable);

            // A table that cannot be read is refused in plain words, without asking the server.
            page.clickElement("#clear-proposal");
            page.clickElement("#corners");
            page.type("1, 449600, 3627800\n2, 451200, 3627800\n3, 451200, 3629000\n");
            page.clickElement("#check-corners");
            page.waitFor("document.getElementById('proposal').dataset.state === 'error'", 10, "the table's error");
            String tableError = page.evaluate("document.getElementById('proposal').innerText").asText();
            assertTrue(tableError.contains("look swapped"), tableError);

            // 1. Offline: everything so far came from this server, and nothing failed.
            assertAllLocal(page, server.url(""), true);

            // A wrong key is refused in plain words (its requests fail with 401, as they should).
            int beforeBadKey = page.eventCount();
            page.clickElement("#key-change");
            page.clickElement("#key");
            page.type("not-a-key");
            page.clickElement("#key-use");
            page.waitFor("!document.getElementById('message').hidden && document.body.dataset.state === 'no-key'", 20, "the bad key's message");
            screenshot(page, "map-bad-key");
            String message = page.evaluate("document.getElementById('message').innerText").asText();
            assertTrue(message.contains("did not accept this API key"), message);
            assertAllLocal(page, server.url(""), false);
            assertTrue(page.eventsSince(beforeBadKey, "Network.requestWillBeSent").size() > 0, "the bad key was sent");
        }
    }

    /** Centres the map (through the test hook) and waits until its tiles have rendered. */
    private static void show(Chromium page, double[] lonLat, int zoom) throws Exception {
        page.evaluate(String.format(Locale.ROOT, "(() => { document.body.dataset.state = 'moving'; const v = registryMap.map.getView();"
                + " v.setCenter(ol.proj.fromLonLat([%.8f, %.8f])); v.setZoom(%d); registryMap.map.render(); })()", lonLat[0], lonLat[1], zoom));
        page.waitFor("document.body.dataset.state === 'ready'", 60, "the tiles at zoom " + zoom);
    }

    /** Where a longitude/latitude is on the page, in CSS pixels (the map's getPixelFromCoordinate, offset by the map's box). */
    private static double[] pixel(Chromium page, double[] lonLat) throws Exception {
        JsonNode p = page.evaluate(String.format(Locale.ROOT, "(() => { const m = registryMap.map;"
                + " const p = m.getPixelFromCoordinate(ol.proj.fromLonLat([%.8f, %.8f]));"
                + " const r = m.getTargetElement().getBoundingClientRect(); return [p[0] + r.left, p[1] + r.top]; })()", lonLat[0], lonLat[1]));
        return new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
    }

    /** A point given in EPSG:4547 (easting, northing) as longitude/latitude, by PostGIS. */
    private static double[] lonLat(TestServer server, double easting, double northing) {
        Record r = server.db.database().dsl().fetchOne(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4547), 4326) AS p) t", easting, northing);
        return new double[] {r.get(0, Double.class), r.get(1, Double.class)};
    }

    private static double[] centroid(JsonNode block) {
        JsonNode c = block.at("/centroid/coordinates");
        return new double[] {c.get(0).asDouble(), c.get(1).asDouble()};
    }

    private static BufferedImage screenshot(Chromium page, String name) throws Exception {
        byte[] png = page.screenshot();
        Files.write(Path.of("target", name + ".png"), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static void assertColour(BufferedImage image, double[] at, int expected, String what) {
        int x = (int) Math.floor(at[0]);
        int y = (int) Math.floor(at[1]);
        assertTrue(x >= 0 && y >= 0 && x < image.getWidth() && y < image.getHeight(), what + " is off the screen at " + x + "," + y);
        int actual = image.getRGB(x, y) & 0xffffff;
        boolean close = Math.abs(red(actual) - red(expected)) <= TOLERANCE && Math.abs(green(actual) - green(expected)) <= TOLERANCE
                && Math.abs(blue(actual) - blue(expected)) <= TOLERANCE;
        assertTrue(close, String.format("%s: pixel %d,%d is #%06x, expected #%06x", what, x, y, actual, expected));
    }

    private static int count(BufferedImage image, double[] corner, double[] opposite, java.util.function.IntPredicate test) {
        int n = 0;
        for (int x = (int) Math.min(corner[0], opposite[0]); x <= (int) Math.max(corner[0], opposite[0]); x++) {
            for (int y = (int) Math.min(corner[1], opposite[1]); y <= (int) Math.max(corner[1], opposite[1]); y++) {
                if (x >= 0 && y >= 0 && x < image.getWidth() && y < image.getHeight() && test.test(image.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The panel shows the report's verdict, and each rule's row its verdict and the API's summary line. */
    private static void assertVerdictShown(Chromium page, String panelSelector, String panelText, JsonNode report) throws Exception {
        assertTrue(panelText.contains("Verdict 结论: " + report.get("verdict").asText()), panelText);
        JsonNode rows = page.evaluate(String.format(RULES_IN_PANEL, panelSelector));
        assertEquals(report.get("rules").size(), rows.size(), rows.toString());
        for (JsonNode rule : report.get("rules")) {
            String row = rows.path(rule.get("rule").asText()).asText();
            assertTrue(row.contains(rule.get("verdict").asText()), rule + " vs " + row);
            assertTrue(row.contains(rule.get("summary").asText()), rule + " vs " + row);
        }
    }

    /** The readout under the pointer agrees with the block's centroid within two screen pixels. */
    private static void assertReadout(Chromium page, JsonNode block, double metresPerPixel) throws Exception {
        JsonNode readout = page.evaluate("['lon', 'lat', 'gk-x', 'gk-y'].map(id => document.getElementById(id).textContent)");
        String lon = readout.get(0).asText();
        String lat = readout.get(1).asText();
        String x = readout.get(2).asText();
        String y = readout.get(3).asText();
        assertTrue(lon.matches("1\\d\\d\\.\\d{6}°E") && lat.matches("\\d\\d\\.\\d{6}°N"), lon + " " + lat);
        assertTrue(x.matches("\\d{7}\\.\\d{3}") && y.matches("\\d{6}\\.\\d{3}"), "X " + x + " Y " + y);
        double[] c = centroid(block);
        double tolerance = 2 * metresPerPixel;
        double degrees = tolerance / 100_000;
        assertEquals(c[0], Double.parseDouble(lon.replace("°E", "")), degrees, "longitude");
        assertEquals(c[1], Double.parseDouble(lat.replace("°N", "")), degrees, "latitude");
        JsonNode gk = block.at("/gk/coordinates");
        assertEquals(gk.get(1).asDouble(), Double.parseDouble(x), tolerance, "X (northing)");
        assertEquals(gk.get(0).asDouble(), Double.parseDouble(y), tolerance, "Y (easting)");
    }

    /**
     * Every request the page made went to this server (none elsewhere: the page works offline); with
     * {@code noneFailed}, none failed either (no network error, no HTTP status of 400 or more).
     */
    private static void assertAllLocal(Chromium page, String origin, boolean noneFailed) {
        List<JsonNode> requests = page.events("Network.requestWillBeSent");
        List<String> elsewhere = new ArrayList<>();
        int tiles = 0;
        for (JsonNode r : requests) {
            String url = r.at("/request/url").asText();
            if (url.startsWith("data:")) {
                continue; // inline (the page's empty favicon): no request leaves the browser
            }
            if (!url.startsWith(origin + "/")) {
                elsewhere.add(url);
            }
            if (url.contains("/tiles/")) {
                tiles++;
            }
        }
        assertEquals(List.of(), elsewhere, "requests that did not go to " + origin);
        assertTrue(tiles > 0, "no tile was requested");
        assertTrue(requests.stream().anyMatch(r -> r.at("/request/url").asText().contains("/webjars/ol/")), "OpenLayers was not loaded");
        if (noneFailed) {
            Map<String, String> urls = new HashMap<>();
            requests.forEach(r -> urls.put(r.get("requestId").asText(), r.at("/request/url").asText()));
            List<String> failed = new ArrayList<>();
            for (JsonNode f : page.events("Network.loadingFailed")) {
                failed.add(f.get("errorText").asText() + (f.path("canceled").asBoolean() ? " (canceled) " : " ") + urls.get(f.get("requestId").asText()));
            }
            for (JsonNode r : page.events("Network.responseReceived")) {
                if (r.at("/response/status").asInt() >= 400) {
                    failed.add(r.at("/response/status").asInt() + " " + r.at("/response/url").asText());
                }
            }
            assertEquals(List.of(), failed, "failed requests");
        }
    }

    private static int over(int colour, double alpha) {
        int r = (int) Math.round(red(colour) * alpha + red(BACKGROUND) * (1 - alpha));
        int g = (int) Math.round(green(colour) * alpha + green(BACKGROUND) * (1 - alpha));
        int b = (int) Math.round(blue(colour) * alpha + blue(BACKGROUND) * (1 - alpha));
        return r << 16 | g << 8 | b;
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xff;
    }

    private static int green(int rgb) {
        return rgb >> 8 & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }
}
