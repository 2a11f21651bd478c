package zmd.registry.ogc.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * QGIS 3.22 (Debian's python3-qgis, headless) adding the registry's OGC API – Features endpoint as a staff user
 * does: every collection as a layer, with the key as the connection's password (HTTP basic). What QGIS reads is
 * checked against the server and GraphQL (every feature by its id or code, with a geometry), and the map it renders
 * in EPSG:4547 (target/qgis-*.png, for a human too) pixel by pixel: every block large enough to hold a few pixels is
 * drawn in its status's colour where its interior point is, and not beside it.
 */
class QgisTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> STAFF = List.of("mine-parcels", "listings", "red-lines", "basic-farmland", "mountain-protection", "planned-zones");
    private static final List<String> PUBLIC = List.of("mine-parcels", "listings");
    /** The property that names a feature, per collection (as in qgis_client.py). */
    private static final Map<String, String> KEYS = Map.of("mine-parcels", "id", "listings", "id", "red-lines", "code",
            "basic-farmland", "patchCode", "mountain-protection", "name", "planned-zones", "zoneCode");
    /** A block is sampled only if its envelope spans at least this many pixels each way. */
    private static final int MIN_PIXELS = 6;

    private static TestServer server;
    private static Path script;
    /** QGIS's profile and Qt's runtime directory (which Qt wants private). */
    private static Path runtime;

    @BeforeAll
    static void start() throws Exception {
        ClientProcess.requireInstalled(ClientProcess.importable("qgis.core"), "PyQGIS for " + ClientProcess.PYTHON, "python3-qgis");
        script = Path.of(QgisTest.class.getResource("/clients/qgis_client.py").toURI());
        server = TestServer.withDemoData();
        Files.createDirectories(Path.of("target"));
        runtime = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "qgis-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            try (var files = Files.walk(runtime)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void aStaffUserSeesEveryCollectionInQgisAsTheServerServesIt() throws Exception {
        java.util.UUID viewer = server.registry.apiKeys().authenticate("Bearer " + server.viewerKey).keyId();
        int farmlandReadsBefore = farmlandReads(viewer);
        JsonNode q = qgis(server.viewerKey, "target/qgis-staff.png", STAFF);
        System.out.println("QGIS " + q.get("qgis").asText());
        for (String id : STAFF) {
            JsonNode layer = q.at("/collections/" + id);
            List<String> served = servedKeys(id, server.viewerKey);
            assertEquals(served.size(), layer.get("count").asInt(), id + ": QGIS read every feature");
            assertEquals(served, keys(layer), id + ": the same features, by their ids or codes");
            layer.get("features").forEach(f -> assertTrue(f.get("valid").asBoolean(), id + ": feature " + f.get("key") + " has no geometry in QGIS"));
            // QGIS 3.22's OAPIF provider has no Part 2: it reads every collection in CRS84 (lon/lat), the default.
            assertEquals("EPSG:4326", layer.get("crs").asText(), id);
        }
        // The farmland needed several pages, and QGIS asked for each (every page of layer features is access-logged).
        int pageSize = q.get("pageSize").asInt();
        int farmland = q.at("/collections/basic-farmland/count").asInt();
        assertTrue(farmland > 3 * pageSize, "the demo farmland should need several pages: " + farmland);
        int pages = farmlandReads(viewer) - farmlandReadsBefore;
        assertTrue(pages >= (farmland + pageSize - 1) / pageSize, "QGIS paged through the farmland itself: " + pages + " requests for " + farmland + " patches");

        Set<String> blocks = graphqlIds(server.viewerKey, "");
        assertEquals(List.copyOf(blocks), keys(q.at("/collections/mine-parcels")), "QGIS's blocks are GraphQL's");
        assertEquals(graphqlIds(server.viewerKey, "(filter: {status: [LISTED]})"), new TreeSet<>(strings(q.get("listed"))), "a layer filter on status");
        assertTrue(q.get("listed").size() > 0 && q.get("listed").size() < blocks.size());

        BufferedImage map = ImageIO.read(Path.of(q.at("/render/png").asText()).toFile());
        assertTrue(assertBlocksDrawn(map, q.get("render"), q.at("/collections/mine-parcels/features")) >= 5);
        for (String layer : List.of("red-lines", "basic-farmland")) {
            int colour = Integer.parseInt(q.at("/render/layerColours/" + layer).asText().substring(1), 16);
            assertTrue(pixels(map, colour) > 50, layer + " is drawn: " + pixels(map, colour) + " pixels of #" + Integer.toHexString(colour));
        }
    }

    @Test
    void anonymouslyQgisSeesThePublicBlocksOnly() throws Exception {
        JsonNode q = qgis(null, "target/qgis-public.png", PUBLIC);
        List<String> blocks = keys(q.at("/collections/mine-parcels"));
        assertEquals(List.copyOf(graphqlIds(null, "")), blocks);
        q.at("/collections/mine-parcels/features").forEach(f -> assertFalse(f.get("status").asText().equals("PLANNED"), "a planned block reached QGIS: " + f));
        assertTrue(graphqlIds(server.viewerKey, "").size() > blocks.size(), "staff see more (the planned block)");
        assertTrue(assertBlocksDrawn(ImageIO.read(Path.of(q.at("/render/png").asText()).toFile()), q.get("render"), q.at("/collections/mine-parcels/features")) >= 5);
    }

    /**
     * Checks every block large enough on the map: its status's colour (the register's, not what QGIS read) at its
     * interior point, and not just outside its envelope on either side; returns how many blocks were checked.
     * Positions come from PostGIS's EPSG:4547 coordinates of the stored block, so a wrong reprojection moves them.
     */
    private static int assertBlocksDrawn(BufferedImage map, JsonNode render, JsonNode features) {
        assertEquals("EPSG:4547", render.get("crs").asText());
        double[] e = new double[4];
        for (int i = 0; i < 4; i++) {
            e[i] = render.at("/extent/" + i).asDouble();
        }
        int sampled = 0;
        for (JsonNode f : features) {
            Record r = server.db.database().dsl().fetchOne("SELECT ST_X(p), ST_Y(p), ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b), status FROM "
                    + "(SELECT ST_PointOnSurface(geom_4547) AS p, geom_4547::box2d AS b, status FROM mine_parcel WHERE id = ?::uuid) t",
                    f.get("key").asText());
            double[] px = pixel(e, map, r.get(0, Double.class), r.get(1, Double.class));
            double[] min = pixel(e, map, r.get(2, Double.class), r.get(3, Double.class));
            double[] max = pixel(e, map, r.get(4, Double.class), r.get(5, Double.class));
            if (max[0] - min[0] < MIN_PIXELS || min[1] - max[1] < MIN_PIXELS) {
                continue;
            }
            String status = r.get(6, String.class);
            int expected = Integer.parseInt(render.at("/colours/" + status).asText().substring(1), 16);
            String what = "block " + f.get("code").asText() + " (" + status + ")";
            assertEquals(Integer.toHexString(expected), Integer.toHexString(rgb(map, px[0], px[1])), what + " at pixel " + (int) px[0] + "," + (int) px[1]);
            for (double x : new double[] {min[0] - 3, max[0] + 3}) {
                assertFalse(rgb(map, x, px[1]) == expected, what + ": its colour outside it, at pixel " + (int) x + "," + (int) px[1]);
            }
            sampled++;
        }
        return sampled;
    }

    private static int rgb(BufferedImage map, double x, double y) {
        return map.getRGB((int) x, (int) y) & 0xffffff;
    }

    private static int farmlandReads(java.util.UUID key) {
        return server.db.database().dsl().fetchOne("SELECT count(*) FROM access_log WHERE key_id = ? AND protocol = 'OGC_FEATURES' AND 'BASIC_FARMLAND' = ANY (layers)", key)
                .get(0, Integer.class);
    }

    private static double[] pixel(double[] extent, BufferedImage map, double lon, double lat) {
        return new double[] {(lon - extent[0]) / (extent[2] - extent[0]) * map.getWidth(), (extent[3] - lat) / (extent[3] - extent[1]) * map.getHeight()};
    }

    private static int pixels(BufferedImage map, int colour) {
        int n = 0;
        for (int x = 0; x < map.getWidth(); x++) {
            for (int y = 0; y < map.getHeight(); y++) {
                if ((map.getRGB(x, y) & 0xffffff) == colour) {
                    n++;
                }
            }
        }
        return n;
    }

    private static JsonNode qgis(String key, String png, List<String> collections) {
        List<String> args = new java.util.ArrayList<>(List.of(server.url("/ogc"), Path.of(png).toAbsolutePath().toString()));
        args.addAll(collections);
        return ClientProcess.python("QGIS", script, args, key,
                Map.of("QT_QPA_PLATFORM", "offscreen", "XDG_RUNTIME_DIR", runtime.toString(), "HOME", runtime.toString()), TIMEOUT);
    }

    /** The collection's features as the server pages them out, by their naming property, sorted. */
    private static List<String> servedKeys(String collection, String key) {
        List<String> out = new java.util.ArrayList<>();
        String next = "/ogc/collections/" + collection + "/items?limit=500";
        while (next != null) {
            JsonNode page = json(next, key);
            page.get("features").forEach(f -> out.add(KEYS.get(collection).equals("id") ? f.get("id").asText() : f.at("/properties/" + KEYS.get(collection)).asText()));
            next = null;
            for (JsonNode link : page.get("links")) {
                if (link.get("rel").asText().equals("next")) {
                    next = link.get("href").asText().substring(server.url("").length());
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static Set<String> graphqlIds(String key, String arguments) {
        Set<String> out = new TreeSet<>();
        String args = arguments.isEmpty() ? "(first: 200)" : arguments.replace("(", "(first: 200, ");
        server.data(key, "{ mineParcels" + args + " { nodes { id } } }").at("/mineParcels/nodes").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private static List<String> keys(JsonNode layer) {
        List<String> out = new java.util.ArrayList<>();
        layer.get("features").forEach(f -> out.add(f.get("key").asText()));
        java.util.Collections.sort(out);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode json(String path, String key) {
        var r = server.get(path, key);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        try {
            return TestServer.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }
}
