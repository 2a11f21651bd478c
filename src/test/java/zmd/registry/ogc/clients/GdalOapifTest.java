package zmd.registry.ogc.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static zmd.registry.ogc.clients.ClientProcess.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.TestServer;

/**
 * GDAL's OGC API – Features driver (OAPIF: ogrinfo, ogr2ogr), as QGIS and command-line GIS users read the
 * registry, checked against what GraphQL says of the same blocks and layers. Each client run is a child process
 * with a timeout; a failing run fails the test with everything GDAL printed.
 *
 * <p>Areas: the server writes CRS84 coordinates to 8 decimals (≤ 0.56 mm of rounding on an axis here, ≤ 0.73 mm
 * per vertex), so an area GDAL computes from them after reprojecting to EPSG:4547 can differ from the server's
 * areaM2 by up to the perimeter × 0.73 mm (to first order), no less: 0.01 m² per feature is below what that
 * precision carries. The per-feature bound used is the perimeter × 0.75 mm; the totals must agree to 1e-6.
 */
class GdalOapifTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Rounding of a vertex by 8-decimal CRS84 coordinates at Zhumadian's latitude, metres, with a little slack. */
    private static final double ROUNDING_M = 0.75e-3;
    private static final Pattern FETCH = Pattern.compile("^HTTP: Fetch\\((.*)\\)\\s*$", Pattern.MULTILINE);
    private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: (\\S+)", Pattern.MULTILINE);
    private static final Pattern FIELD = Pattern.compile("^  ([^ ]+) \\(([A-Za-z0-9]+)\\) = (.*)$");
    private static final Set<String> ALL = Set.of("mine-parcels", "listings", "red-lines", "basic-farmland", "mountain-protection", "planned-zones");

    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ClientProcess.requireInstalled(ClientProcess.onPath("ogrinfo") && ClientProcess.onPath("ogr2ogr"), "GDAL (ogrinfo, ogr2ogr)", "gdal-bin");
        server = TestServer.withDemoData();
        System.out.println(ClientProcess.ok(cmd("ogrinfo", "--version"), Map.of(), TIMEOUT).stdout().strip());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tests

    @Test
    void staffSeeEveryCollectionAsALayerAndThePublicTheBlocksAndListings() {
        Set<String> staff = layers(ogrinfo(server.viewerKey, false, "-ro", "-so", oapif()).stdout());
        assertEquals(ALL, staff);
        Set<String> anonymous = layers(ogrinfo(null, false, "-ro", "-so", oapif()).stdout());
        assertEquals(Set.of("mine-parcels", "listings"), anonymous);
        // And for a role in between, exactly what the server lists for it.
        Set<String> platform = layers(ogrinfo(server.platformKey, false, "-ro", "-so", oapif()).stdout());
        Set<String> listed = new TreeSet<>();
        json(server.get("/ogc/collections", server.platformKey)).get("collections").forEach(c -> listed.add(c.get("id").asText()));
        assertEquals(listed, platform);
    }

    @Test
    void theBlocksLayerCountsWhatGraphQLCountsAndLiesInZhumadian() {
        for (String key : new String[] {server.viewerKey, null}) {
            String who = key == null ? "anonymous" : "staff";
            ClientProcess.Result r = ogrinfo(key, false, "-ro", "-so", oapif(), "mine-parcels");
            JsonNode gql = server.data(key, "{ mineParcels(first: 200) { totalCount nodes { bbox } } }").get("mineParcels");
            assertEquals(gql.get("totalCount").asLong(), featureCount(r.stdout()), who + "\n" + r.describe());

            double[] e = extent(r.stdout());
            // Zhumadian (驻马店市) spans about 113.2–115.2°E, 32.3–33.6°N.
            assertTrue(e[0] > 113.0 && e[2] < 115.4 && e[1] > 32.2 && e[3] < 33.7 && e[0] < e[2] && e[1] < e[3],
                    who + ": extent outside Zhumadian: " + java.util.Arrays.toString(e));
            // The staff extent is the union of the blocks' boxes as GraphQL gives them.
            if (key != null) {
                double[] union = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
                for (JsonNode n : gql.get("nodes")) {
                    JsonNode b = n.get("bbox");
                    union[0] = Math.min(union[0], b.get(0).asDouble());
                    union[1] = Math.min(union[1], b.get(1).asDouble());
                    union[2] = Math.max(union[2], b.get(2).asDouble());
                    union[3] = Math.max(union[3], b.get(3).asDouble());
                }
                for (int i = 0; i < 4; i++) {
                    // ogrinfo prints the extent to 6 decimals.
                    assertEquals(union[i], e[i], 1e-6, "extent[" + i + "] " + java.util.Arrays.toString(e) + " vs GraphQL " + java.util.Arrays.toString(union));
                }
            }
        }
    }

    @Test
    void ogr2ogrPagesThroughTheWholeFarmlandLayerWithItsAreas() {
        int pageSize = 50;
        int count = layerFeatureCount("BASIC_FARMLAND");
        assertTrue(count > 10 * pageSize, "the demo farmland should need many pages: " + count);
        Path gpkg = dir.resolve("farmland.gpkg");
        ClientProcess.Result r = ogr2ogr(server.viewerKey, true, "-f", "GPKG", gpkg.toString(), oapif(), "basic-farmland", "-oo", "PAGE_SIZE=" + pageSize);
        List<String> pages = fetched(r.stderr(), "/collections/basic-farmland/items");
        long followed = pages.stream().filter(u -> u.contains("cursor=")).count();
        assertEquals((count + pageSize - 1) / pageSize - 1, followed, "next links followed\n" + String.join("\n", pages));
        assertTrue(pages.stream().allMatch(u -> u.contains("limit=" + pageSize)), String.join("\n", pages));

        // What the server itself serves in one page, to compare ids and areas with.
        JsonNode all = json(server.get("/ogc/collections/basic-farmland/items?limit=10000", server.viewerKey));
        Map<Long, Double> served = new HashMap<>();
        all.get("features").forEach(f -> served.put(f.get("id").asLong(), f.at("/properties/areaM2").asDouble()));
        assertEquals(count, served.size());
        double servedTotal = served.values().stream().mapToDouble(Double::doubleValue).sum();

        Map<String, String> totals = sql(gpkg, "SELECT count(*) AS n, count(DISTINCT fid) AS ids, sum(areaM2) AS total, "
                + "sum(CASE WHEN geom IS NULL THEN 1 ELSE 0 END) AS nogeom FROM \"basic-farmland\"").get(0);
        assertEquals(count, Integer.parseInt(totals.get("n")), "features in the GeoPackage vs GraphQL featureCount");
        assertEquals(count, Integer.parseInt(totals.get("ids")), "each feature once");
        assertEquals("0", totals.get("nogeom"));
        assertEquals(servedTotal, Double.parseDouble(totals.get("total")), 1e-6 * servedTotal, "sum of areaM2");
        Set<Long> ids = new TreeSet<>();
        sql(gpkg, "SELECT fid FROM \"basic-farmland\"").forEach(row -> ids.add(Long.parseLong(row.get("fid"))));
        assertEquals(new TreeSet<>(served.keySet()), ids, "GDAL's feature ids are the server's");

        // GDAL's own areas: reprojected by PROJ to CGCS2000 / 3-degree Gauss-Krüger CM 114E and measured by SQLite.
        Path projected = dir.resolve("farmland-4547.gpkg");
        ClientProcess.ok(cmd("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4547", projected.toString(), gpkg.toString()), gdalEnv(null, false), TIMEOUT);
        double gdalTotal = 0;
        double worst = 0;
        for (Map<String, String> row : sql(projected, "SELECT fid, areaM2, ST_Area(geom) AS area, ST_Perimeter(geom) AS perimeter FROM \"basic-farmland\"")) {
            double property = Double.parseDouble(row.get("areaM2"));
            double area = Double.parseDouble(row.get("area"));
            double perimeter = Double.parseDouble(row.get("perimeter"));
            assertEquals(served.get(Long.parseLong(row.get("fid"))), property, 1e-6, "areaM2 of " + row.get("fid"));
            assertEquals(property, area, perimeter * ROUNDING_M, "patch " + row.get("fid") + ": GDAL's area vs areaM2");
            worst = Math.max(worst, Math.abs(area - property));
            gdalTotal += area;
        }
        assertEquals(servedTotal, gdalTotal, 1e-6 * servedTotal, "total area computed by GDAL vs the sum of areaM2");
        System.out.printf("farmland: %d patches in %d pages; total areaM2 %.3f, by GDAL %.3f; worst patch %.4f m²%n",
                count, pages.size() - 1, servedTotal, gdalTotal, worst);
    }

    @Test
    void blocksReprojectedByGdalHaveGraphQLsAreasAndCorners() {
        JsonNode nodes = server.data(server.viewerKey, "{ mineParcels(first: 200) { totalCount nodes { id code status areaM2 bbox(crs: EPSG_4547) } } }")
                .at("/mineParcels/nodes");
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.get("id").asText(), n));
        Path gpkg = dir.resolve("blocks-4547.gpkg");
        ogr2ogr(server.viewerKey, false, "-f", "GPKG", "-t_srs", "EPSG:4547", gpkg.toString(), oapif(), "mine-parcels", "-oo", "PAGE_SIZE=4");
        List<Map<String, String>> rows = sql(gpkg, "SELECT id, code, status, areaM2, ST_Area(geom) AS area, ST_Perimeter(geom) AS perimeter, "
                + "ST_MinX(geom) AS minx, ST_MinY(geom) AS miny, ST_MaxX(geom) AS maxx, ST_MaxY(geom) AS maxy FROM \"mine-parcels\"");
        Set<String> ids = new TreeSet<>();
        double worst = 0;
        for (Map<String, String> row : rows) {
            String id = row.get("id");
            assertTrue(ids.add(id), "twice: " + id);
            JsonNode n = byId.get(id);
            assertNotNull(n, "GDAL read a block GraphQL does not know: " + row);
            assertEquals(n.get("code").asText(), row.get("code"));
            assertEquals(n.get("status").asText(), row.get("status"));
            double areaM2 = n.get("areaM2").asDouble();
            assertEquals(areaM2, Double.parseDouble(row.get("areaM2")), 1e-6 * areaM2, "areaM2 property of " + n.get("code"));
            double area = Double.parseDouble(row.get("area"));
            double perimeter = Double.parseDouble(row.get("perimeter"));
            assertEquals(areaM2, area, perimeter * ROUNDING_M, n.get("code") + ": area GDAL computes in EPSG:4547 vs GraphQL areaM2");
            worst = Math.max(worst, Math.abs(area - areaM2));
            // Where the block is, not only how big: its corners in EPSG:4547 agree with GraphQL's to the rounding.
            String[] corner = {"minx", "miny", "maxx", "maxy"};
            for (int i = 0; i < 4; i++) {
                assertEquals(n.at("/bbox/" + i).asDouble(), Double.parseDouble(row.get(corner[i])), 2e-3, n.get("code") + " " + corner[i]);
            }
        }
        assertEquals(byId.keySet(), ids);
        System.out.printf("blocks: %d, worst |GDAL area - areaM2| %.4f m²%n", ids.size(), worst);
    }

    @Test
    void aSpatialFilterIsSentToTheServerAsBboxAndGivesGraphQLsBlocks() {
        double[][] boxes = {{113.40, 32.60, 113.60, 32.80}, {113.90, 32.60, 114.00, 32.70}};
        for (double[] box : boxes) {
            for (String key : new String[] {server.viewerKey, null}) {
                String who = (key == null ? "anonymous " : "staff ") + java.util.Arrays.toString(box);
                JsonNode gql = server.data(key, "query($b: BboxInput) { total: mineParcels { totalCount } mineParcels(first: 200, filter: { bbox: $b }) { nodes { id } } }",
                        Map.of("b", Map.of("minLon", box[0], "minLat", box[1], "maxLon", box[2], "maxLat", box[3])));
                Set<String> expected = new TreeSet<>();
                gql.at("/mineParcels/nodes").forEach(n -> expected.add(n.get("id").asText()));
                int total = gql.at("/total/totalCount").asInt();
                assertTrue(!expected.isEmpty() && expected.size() < total, who + ": the box should select some blocks, not all: " + expected);

                ClientProcess.Result r = ogrinfo(key, true, "-ro", "-q", "-geom=NO", oapif(), "mine-parcels",
                        "-spat", num(box[0]), num(box[1]), num(box[2]), num(box[3]));
                Set<String> read = new TreeSet<>();
                for (Map<String, String> f : features(r.stdout())) {
                    assertTrue(read.add(f.get("id")), "twice: " + f.get("id"));
                }
                assertEquals(expected, read, who + "\n" + r.describe());

                // The box went to the server, and what the server answered to exactly that request is GraphQL's
                // answer: GDAL's own client-side check of each geometry cannot hide a server that ignores bbox.
                List<String> withBbox = fetched(r.stderr(), "/collections/mine-parcels/items").stream().filter(u -> u.contains("bbox=")).toList();
                assertFalse(withBbox.isEmpty(), "no request with bbox=\n" + r.stderr());
                for (String url : withBbox) {
                    String[] sent = URLDecoder.decode(query(url).get("bbox"), StandardCharsets.UTF_8).split(",");
                    for (int i = 0; i < 4; i++) {
                        assertEquals(box[i], Double.parseDouble(sent[i]), 1e-12, url);
                    }
                    Set<String> answered = new TreeSet<>();
                    String next = pathAndQuery(url);
                    while (next != null) {
                        JsonNode page = json(server.get(next, key));
                        page.get("features").forEach(f -> answered.add(f.get("id").asText()));
                        assertEquals(expected.size(), page.get("numberMatched").asInt(), url);
                        next = nextLink(page);
                    }
                    assertEquals(expected, answered, "the server's answer to GDAL's " + url);
                }
                System.out.println(who + ": GDAL sent " + withBbox);
            }
        }
    }

    @Test
    void anAttributeFilterGivesGraphQLsCountAndItsEqualityIsSentToTheServer() {
        record Case(String where, String graphqlFilter) {
        }
        List<Case> cases = List.of(
                new Case("status = 'PLANNED'", "{ status: [PLANNED] }"),
                new Case("status = 'LISTED'", "{ status: [LISTED] }"),
                new Case("status = 'LISTED' AND areaM2 > 1200000", "{ status: [LISTED], minAreaKm2: 1.2 }"));
        for (Case c : cases) {
            for (String key : new String[] {server.viewerKey, null}) {
                String who = (key == null ? "anonymous: " : "staff: ") + c.where();
                JsonNode gql = server.data(key, "{ mineParcels(first: 200, filter: " + c.graphqlFilter() + ") { totalCount nodes { id } } }").get("mineParcels");
                Set<String> expected = new TreeSet<>();
                gql.get("nodes").forEach(n -> expected.add(n.get("id").asText()));

                ClientProcess.Result r = ogrinfo(key, true, "-ro", "-q", "-geom=NO", oapif(), "mine-parcels", "-where", c.where());
                assertFalse(r.stderr().contains("ERROR"), who + "\n" + r.describe());
                Set<String> read = new TreeSet<>();
                features(r.stdout()).forEach(f -> read.add(f.get("id")));
                assertEquals(expected, read, who + "\n" + r.describe());
                ClientProcess.Result counted = ogrinfo(key, false, "-ro", "-so", oapif(), "mine-parcels", "-where", c.where());
                assertEquals(gql.get("totalCount").asLong(), featureCount(counted.stdout()), who + "\n" + counted.describe());

                // Whatever GDAL chose to send, the server answered those very requests with what GraphQL says.
                List<String> items = fetched(r.stderr(), "/collections/mine-parcels/items");
                List<String> pushed = items.stream().filter(u -> u.contains("filter=") || u.contains("status=") || u.contains("areaM2=")).toList();
                for (String url : pushed) {
                    HttpResponse<String> answer = server.get(pathAndQuery(url), key);
                    assertEquals(200, answer.statusCode(), url + " → " + answer.body());
                }
                // The collection's own items path in /ogc/api names status as a parameter, so GDAL 3.6 sends the
                // equality to the server (the rest of a filter it evaluates itself).
                assertTrue(pushed.stream().anyMatch(u -> u.contains("status=")), who + ": the status equality was not sent: " + items);
            }
        }
    }

    @Test
    void ogr2ogrCopiesEveryCollectionTheCallerMaySeeIntoOneGeoPackage() {
        for (String key : new String[] {server.viewerKey, null}) {
            String who = key == null ? "anonymous" : "staff";
            Path gpkg = dir.resolve(who + ".gpkg");
            ogr2ogr(key, false, "-f", "GPKG", gpkg.toString(), oapif(), "-oo", "PAGE_SIZE=100");
            ClientProcess.Result info = ClientProcess.ok(cmd("ogrinfo", "-ro", "-so", "-q", gpkg.toString()), gdalEnv(null, false), TIMEOUT);
            Set<String> copied = layers(info.stdout());
            assertEquals(key == null ? Set.of("mine-parcels", "listings") : ALL, copied, who + "\n" + info.describe());

            JsonNode gql = server.data(key, key == null ? "{ mineParcels { totalCount } listings { totalCount } }"
                    : "{ mineParcels { totalCount } listings { totalCount } layers { code current { featureCount } } }");
            Map<String, Long> expected = new HashMap<>();
            expected.put("mine-parcels", gql.at("/mineParcels/totalCount").asLong());
            expected.put("listings", gql.at("/listings/totalCount").asLong());
            if (key != null) {
                Map<String, String> ids = Map.of("RED_LINE", "red-lines", "BASIC_FARMLAND", "basic-farmland", "MOUNTAIN_PROTECTION", "mountain-protection",
                        "PLANNED_ZONE", "planned-zones");
                gql.get("layers").forEach(l -> expected.put(ids.get(l.get("code").asText()), l.at("/current/featureCount").asLong()));
            }
            for (String layer : copied) {
                Map<String, String> row = sql(gpkg, "SELECT count(*) AS n, sum(CASE WHEN geom IS NULL THEN 1 ELSE 0 END) AS nogeom FROM \"" + layer + "\"").get(0);
                assertEquals(expected.get(layer), Long.parseLong(row.get("n")), who + ": " + layer);
                assertTrue(expected.get(layer) > 0, who + ": " + layer + " is empty in the demo register");
                assertEquals("0", row.get("nogeom"), who + ": " + layer + " features without geometry");
            }
        }
    }

    @Test
    void oneFeatureAskedForByIdIsFetchedFromItsOwnUrlAndOnlyWhenTheCallerMaySeeIt() {
        JsonNode blocks = server.data(server.viewerKey, "{ mineParcels(first: 200) { nodes { id code status } } }").at("/mineParcels/nodes");
        JsonNode listed = null;
        JsonNode planned = null;
        for (JsonNode n : blocks) {
            if (n.get("status").asText().equals("PLANNED")) {
                planned = n;
            } else if (listed == null) {
                listed = n;
            }
        }
        assertNotNull(listed);
        assertNotNull(planned, "the demo register has a planned block");
        // A string id: GDAL turns -where "id = '…'" into GET /items/{id}, not a scan of the collection.
        for (JsonNode n : List.of(listed, planned)) {
            ClientProcess.Result r = ogrinfo(server.viewerKey, true, "-ro", "-q", "-geom=NO", oapif(), "mine-parcels", "-where", "id = '" + n.get("id").asText() + "'");
            List<Map<String, String>> read = features(r.stdout());
            assertEquals(1, read.size(), r.describe());
            assertEquals(n.get("code").asText(), read.get(0).get("code"));
            List<String> items = fetched(r.stderr(), "/collections/mine-parcels/items/" + n.get("id").asText());
            assertEquals(1, items.size(), r.stderr());
        }
        // The public asking for the planned block by its id gets nothing: the server said 404 to GDAL.
        List<String> c = cmd("ogrinfo", "-ro", "-q", "-geom=NO", oapif(), "mine-parcels", "-where", "id = '" + planned.get("id").asText() + "'");
        ClientProcess.Result hidden = ClientProcess.run(c, gdalEnv(null, false), TIMEOUT);
        assertTrue(features(hidden.stdout()).isEmpty(), hidden.describe());
        assertTrue(hidden.stderr().contains("404"), hidden.describe());
        // An integer id is the OGR FID: ogrinfo -fid reads /items/{fid}.
        JsonNode patch = json(server.get("/ogc/collections/basic-farmland/items/77", server.viewerKey));
        ClientProcess.Result r = ogrinfo(server.viewerKey, true, "-ro", "-q", "-geom=NO", oapif(), "basic-farmland", "-fid", "77");
        List<Map<String, String>> read = features(r.stdout());
        assertEquals(1, read.size(), r.describe());
        assertEquals("77", read.get(0).get("fid"));
        assertEquals(patch.at("/properties/patchCode").asText(), read.get(0).get("patchCode"));
        assertEquals(1, fetched(r.stderr(), "/collections/basic-farmland/items/77").size(), r.stderr());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running GDAL

    private static String oapif() {
        return "OAPIF:" + server.url("/ogc");
    }

    private static Map<String, String> gdalEnv(String key, boolean debug) {
        Map<String, String> env = new HashMap<>();
        if (key != null) {
            env.put("GDAL_HTTP_HEADERS", "Authorization: Bearer " + key);
        }
        env.put("CPL_DEBUG", debug ? "ON" : "OFF");
        env.put("GDAL_HTTP_TIMEOUT", "60");
        env.put("GDAL_PAM_ENABLED", "NO");
        return env;
    }

    private static ClientProcess.Result ogrinfo(String key, boolean debug, String... args) {
        List<String> c = cmd("ogrinfo");
        c.addAll(List.of(args));
        return ClientProcess.ok(c, gdalEnv(key, debug), TIMEOUT);
    }

    private static ClientProcess.Result ogr2ogr(String key, boolean debug, String... args) {
        List<String> c = cmd("ogr2ogr");
        c.addAll(List.of(args));
        ClientProcess.Result r = ClientProcess.ok(c, gdalEnv(key, debug), TIMEOUT);
        if (r.stderr().contains("ERROR")) {
            fail("ogr2ogr reported an error:\n" + r.describe());
        }
        return r;
    }

    /** Rows of a SQL statement run by GDAL's SQLite dialect on a GeoPackage (SpatiaLite functions available). */
    private static List<Map<String, String>> sql(Path gpkg, String statement) {
        ClientProcess.Result r = ClientProcess.ok(cmd("ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", statement, gpkg.toString()), gdalEnv(null, false), TIMEOUT);
        if (r.stderr().contains("ERROR")) {
            fail(r.describe());
        }
        List<Map<String, String>> rows = features(r.stdout());
        if (rows.isEmpty()) {
            fail("no rows:\n" + r.describe());
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading what GDAL printed

    private static Set<String> layers(String ogrinfoOut) {
        Set<String> out = new TreeSet<>();
        Matcher m = LAYER_LINE.matcher(ogrinfoOut);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static long featureCount(String ogrinfoOut) {
        Matcher m = Pattern.compile("^Feature Count: (\\d+)$", Pattern.MULTILINE).matcher(ogrinfoOut);
        if (!m.find()) {
            fail("no feature count in\n" + ogrinfoOut);
        }
        return Long.parseLong(m.group(1));
    }

    private static double[] extent(String ogrinfoOut) {
        String n = "(-?[0-9.]+)";
        Matcher m = Pattern.compile("^Extent: \\(" + n + ", " + n + "\\) - \\(" + n + ", " + n + "\\)$", Pattern.MULTILINE).matcher(ogrinfoOut);
        if (!m.find()) {
            fail("no extent in\n" + ogrinfoOut);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
    }

    /** The features ogrinfo listed: their fields by name, and the FID as "fid" when there is no such field. */
    private static List<Map<String, String>> features(String ogrinfoOut) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : ogrinfoOut.split("\n")) {
            if (line.startsWith("OGRFeature(")) {
                current = new LinkedHashMap<>();
                current.put("fid", line.substring(line.lastIndexOf(':') + 1).strip());
                out.add(current);
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (current != null && m.matches()) {
                current.put(m.group(1), m.group(3).strip());
            }
        }
        return out;
    }

    /** The URLs GDAL fetched (from its debug log) whose path contains {@code pathPart}, in order. */
    private static List<String> fetched(String debugLog, String pathPart) {
        List<String> out = new ArrayList<>();
        Matcher m = FETCH.matcher(debugLog);
        while (m.find()) {
            int q = m.group(1).indexOf('?');
            if ((q < 0 ? m.group(1) : m.group(1).substring(0, q)).endsWith(pathPart)) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return out;
    }

    private static String pathAndQuery(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String nextLink(JsonNode page) {
        for (JsonNode l : page.get("links")) {
            if (l.get("rel").asText().equals("next")) {
                return pathAndQuery(l.get("href").asText());
            }
        }
        return null;
    }

    private static int layerFeatureCount(String code) {
        for (JsonNode l : server.data(server.viewerKey, "{ layers { code current { featureCount } } }").get("layers")) {
            if (l.get("code").asText().equals(code)) {
                return l.at("/current/featureCount").asInt();
            }
        }
        throw new AssertionError("no layer " + code);
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.uri() + " → " + r.body());
        try {
            return TestServer.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static String num(double d) {
        return java.math.BigDecimal.valueOf(d).toPlainString();
    }
}
