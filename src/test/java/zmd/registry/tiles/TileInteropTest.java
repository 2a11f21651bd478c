package zmd.registry.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.LAYER;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.TestServer;
import zmd.registry.demo.DemoData;
import zmd.registry.ogc.tiles.TileEndpoints;

/**
 * What other software reads: GDAL's MVT driver opens a tile, and what the features API's pages link to and
 * advertise (conformance, landing and collection links, OpenAPI paths) is served as said.
 */
class TileInteropTest {
    static TestServer server;
    static TileEndpoints endpoints;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
        endpoints = new TileEndpoints(server.registry);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void gdalReadsTheTile(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ogrinfo")), "GDAL's ogrinfo (scripts/ensure-deps.sh installs gdal-bin)");
        double[] p = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(3)));
        long[] xy = TileMatrixSet.WEB_MERCATOR_QUAD.tileOf(13, p[0], p[1]);
        Tiles.Response r = Tiles.get(server, "/ogc/collections/mine-parcels/tiles/WebMercatorQuad/13/" + xy[1] + "/" + xy[0], server.viewerKey);
        assertEquals(200, r.status(), r.text());
        Path tile = dir.resolve("tile.pbf");
        Files.write(tile, r.body());
        Process ogr = new ProcessBuilder("ogrinfo", "-ro", "-al", "-oo", "Z=13", "-oo", "X=" + xy[0], "-oo", "Y=" + xy[1], tile.toString())
                .redirectErrorStream(true).start();
        String out = new String(ogr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ogr.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, ogr.exitValue(), out);
        assertTrue(out.contains("Layer name: mine-parcels"), out);
        assertTrue(out.contains("code (String) = " + DemoData.code(3)), out);
        assertTrue(out.contains("status (String) = LISTED"), out);
        assertTrue(out.contains("POLYGON"), "GDAL reads the geometry: " + out);
        // GDAL georeferences the tile from z/x/y: the block's point lies inside the layer's extent, in EPSG:3857.
        String extent = out.lines().filter(l -> l.startsWith("Extent:")).findFirst().orElseThrow();
        double[] e = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?").matcher(extent).results()
                .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
        double mx = Math.toRadians(p[0]) * 6_378_137;
        double my = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(p[1]) / 2)) * 6_378_137;
        assertTrue(e[0] <= mx && mx <= e[2] && e[1] <= my && my <= e[3], extent + " contains " + mx + ", " + my);
    }

    /** The benchmark's reference SQL (bench/sql) draws the very tile the API serves: the comparison is like with like. */
    @Test
    void theBenchmarksSqlIsTheApisStatement() throws IOException {
        var dsl = server.db.database().dsl();
        long dataset = dsl.select(LAYER.CURRENT_DATASET_ID).from(LAYER).where(LAYER.CODE.eq("BASIC_FARMLAND")).fetchSingle(LAYER.CURRENT_DATASET_ID);
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0400"));
        double[] block = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(5)));
        Map<String, Object[]> cases = Map.of("t_farmland.sql", new Object[] {"basic-farmland", 14, field},
                "t_blocks.sql", new Object[] {"mine-parcels", 10, block});
        for (var c : cases.entrySet()) {
            int z = (Integer) c.getValue()[1];
            long[] xy = TileMatrixSet.WEB_MERCATOR_QUAD.tileOf(z, ((double[]) c.getValue()[2])[0], ((double[]) c.getValue()[2])[1]);
            String sql = Files.readAllLines(Path.of("bench/sql", c.getKey())).stream().filter(l -> !l.startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n").replaceAll(";\\s*$", "")
                    .replaceAll("(?<!:):z\\b", Integer.toString(z)).replaceAll("(?<!:):x\\b", Long.toString(xy[0]))
                    .replaceAll("(?<!:):y\\b", Long.toString(xy[1])).replaceAll("(?<!:):dataset\\b", Long.toString(dataset));
            Mvt.Layer bySql = Mvt.decode((byte[]) dsl.fetchValue(sql)).get(c.getValue()[0]);
            Mvt.Layer byApi = Tiles.get(server, "/ogc/collections/" + c.getValue()[0] + "/tiles/WebMercatorQuad/" + z + "/" + xy[1] + "/" + xy[0],
                    server.viewerKey).layers().get(c.getValue()[0]);
            assertTrue(byApi.features().size() > 1, c.getKey());
            assertEquals(describe(byApi), describe(bySql), c.getKey());
        }
    }

    private static java.util.Set<String> describe(Mvt.Layer l) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Mvt.Feature f : l.features()) {
            out.add(f.id() + " " + f.properties() + " " + f.points().stream().map(java.util.Arrays::toString).toList());
        }
        return out;
    }

    @Test
    void theFeaturesApiGetsConformanceAndLinks() {
        assertTrue(TileEndpoints.CONFORMANCE.containsAll(List.of("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt", "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets")));
        assertTrue(TileEndpoints.CONFORMANCE.stream().allMatch(c -> c.startsWith("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/")));
        String base = server.url("/ogc");
        List<Map<String, Object>> landing = endpoints.landingLinks(base + "/");
        assertEquals(List.of("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"),
                landing.stream().map(l -> l.get("rel")).toList());
        List<Map<String, Object>> collection = endpoints.collectionLinks(base, "listings");
        assertEquals("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", collection.get(0).get("rel"));
        for (Map<String, Object> l : List.of(landing.get(0), landing.get(1), collection.get(0))) {
            String href = (String) l.get("href");
            assertTrue(href.startsWith(base + "/") && !href.contains("//ogc"), href);
            assertEquals(200, Tiles.get(server, href.substring(server.url("").length()), null).status(), href);
        }
    }

    @Test
    void everyOpenApiPathIsServedWithItsParameters() {
        Map<String, Object> paths = endpoints.openApiPaths(zmd.registry.access.Caller.SYSTEM);
        assertEquals(10, paths.size(), paths.keySet().toString());
        Map<String, String> values = Map.of("{collectionId}", "mine-parcels", "{tileMatrixSetId}", "WebMercatorQuad", "{tileMatrix}", "10",
                "{tileRow}", "417", "{tileCol}", "835");
        for (var e : paths.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) e.getValue()).get("get");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> params = (List<Map<String, Object>>) get.get("parameters");
            String path = e.getKey();
            for (Map<String, Object> param : params) {
                assertTrue(path.contains("{" + param.get("name") + "}"), path + " declares " + param.get("name"));
                assertEquals("path", param.get("in"));
                path = path.replace("{" + param.get("name") + "}", values.get("{" + param.get("name") + "}"));
            }
            assertTrue(!path.contains("{"), "every placeholder of " + e.getKey() + " is a declared parameter");
            assertTrue(((Map<?, ?>) get.get("responses")).containsKey("200"));
            assertEquals(200, Tiles.get(server, "/ogc" + path, server.viewerKey).status(), path);
        }
    }
}
