package zmd.registry.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.RED_LINE_AREA;
import static zmd.registry.tiles.TileMatrixSet.WEB_MERCATOR_QUAD;
import static zmd.registry.tiles.TileMatrixSet.WORLD_CRS84_QUAD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zmd.registry.TestServer;
import zmd.registry.demo.DemoData;

/** The tiles of the demo register through HTTP: what each caller sees, where, in both tiling schemes. */
class TileEndpointsTest {
    static final String BLOCKS = "/ogc/collections/mine-parcels/tiles";
    static TestServer server;
    /** Block 11 is PLANNED (its listing is a draft); block 5 LISTED. */
    static String plannedId;
    static double[] planned;
    static double[] listed;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
        var dsl = server.db.database().dsl();
        plannedId = dsl.select(MINE_PARCEL.ID).from(MINE_PARCEL).where(MINE_PARCEL.CODE.eq(DemoData.code(11))).fetchSingle(MINE_PARCEL.ID).toString();
        assertEquals("PLANNED", dsl.select(MINE_PARCEL.STATUS).from(MINE_PARCEL).where(MINE_PARCEL.CODE.eq(DemoData.code(11))).fetchSingle(MINE_PARCEL.STATUS));
        planned = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(11)));
        listed = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(5)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Mvt.Feature feature(Mvt.Layer layer, String property, Object value) {
        return layer.features().stream().filter(f -> value.equals(f.properties().get(property))).findFirst()
                .orElseThrow(() -> new AssertionError(layer.name() + " has no feature with " + property + " = " + value + "; it has "
                        + layer.values(property)));
    }

    @ParameterizedTest
    @EnumSource(TileMatrixSet.class)
    void aBlocksTileHoldsItWithItsPropertiesWhereItLies(TileMatrixSet tms) {
        int z = tms == WEB_MERCATOR_QUAD ? 14 : 13;
        Tiles.Response r = Tiles.get(server, Tiles.tilePath(BLOCKS, tms, z, planned), server.viewerKey);
        assertEquals(200, r.status(), r.text());
        assertEquals(zmd.registry.ogc.tiles.TileEndpoints.MVT, r.header("Content-Type"));
        Map<String, Mvt.Layer> layers = r.layers();
        assertEquals(Set.of("mine-parcels"), layers.keySet(), "one layer, named by the collection");
        Mvt.Layer l = layers.get("mine-parcels");
        assertEquals(2, l.version());
        assertEquals(4096, l.extent());
        Mvt.Feature f = feature(l, "id", plannedId);
        assertEquals(DemoData.code(11), f.properties().get("code"));
        assertEquals("PLANNED", f.properties().get("status"));
        assertEquals("确山县", f.properties().get("county"), "the county's name, computed in SQL");
        assertNotNull(f.properties().get("name"));
        assertTrue(f.properties().get("areaM2") instanceof Double);
        assertFalse(((String) f.properties().get("minerals")).isBlank());
        assertEquals(3, f.type(), "a polygon");
        // The point inside the block lies inside the drawn polygon's box: the tile is cut in the right place.
        double[] at = Tiles.inTile(tms, z, planned);
        int[] box = f.bbox();
        assertTrue(box[0] <= at[0] && at[0] <= box[2] && box[1] <= at[1] && at[1] <= box[3],
                "point " + at[0] + "," + at[1] + " in " + java.util.Arrays.toString(box));
        assertTrue(box[0] >= -64 && box[2] <= 4096 + 64, "clipped to the buffer");
    }

    @Test
    void thePublicNeverSeesAPlannedBlock() {
        for (int seq = 1; seq <= 11; seq++) {
            double[] p = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(seq)));
            String path = Tiles.tilePath(BLOCKS, WEB_MERCATOR_QUAD, 12, p);
            List<Object> staff = Tiles.get(server, path, server.viewerKey).layers().get("mine-parcels").values("code");
            assertTrue(staff.contains(DemoData.code(seq)), "staff see block " + seq);
            for (String key : new String[] {null, server.platformKey}) {
                Map<String, Mvt.Layer> shown = Tiles.get(server, path, key).layers();
                List<Object> statuses = shown.containsKey("mine-parcels") ? shown.get("mine-parcels").values("status") : List.of();
                assertFalse(statuses.contains("PLANNED"), "no planned block in " + path + " for " + (key == null ? "the public" : "a platform"));
                assertEquals(seq != 11, shown.containsKey("mine-parcels") && shown.get("mine-parcels").values("code").contains(DemoData.code(seq)));
            }
        }
    }

    @Test
    void layersAreForStaffOnly() {
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0001"));
        for (String key : new String[] {null, server.platformKey}) {
            Tiles.Response r = Tiles.get(server, Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 14, field), key);
            assertEquals(403, r.status(), r.text());
            assertEquals("FORBIDDEN", r.json().at("/errors/0/extensions/code").asText());
            assertEquals(403, Tiles.get(server, "/ogc/collections/red-lines/tiles/WebMercatorQuad", key).status());
            // The multi-layer tile simply leaves the layers out.
            Set<String> names = Tiles.get(server, Tiles.tilePath("/ogc/tiles", WEB_MERCATOR_QUAD, 12, field), key).layers().keySet();
            assertTrue(Set.of("mine-parcels", "listings").containsAll(names), names.toString());
        }
    }

    @Test
    void staffLayerTilesHoldTheDemoFarmlandAndRedLines() {
        var dsl = server.db.database().dsl();
        long patchId = dsl.select(FARMLAND_PATCH.ID).from(FARMLAND_PATCH).where(FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0001")).fetchSingle(FARMLAND_PATCH.ID);
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0001"));
        Mvt.Layer farmland = Tiles.get(server, Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 14, field),
                server.viewerKey).layers().get("basic-farmland");
        Mvt.Feature patch = feature(farmland, "patchCode", "DEMO-JBNT-A-0001");
        assertEquals(patchId, patch.id(), "a layer row's id is the MVT feature id");
        assertFalse(patch.properties().containsKey("id"));
        assertEquals(23_400, (Double) patch.properties().get("areaM2"), 1, "180 m x 130 m");
        assertTrue(farmland.features().size() >= 10, "the z14 tile holds neighbours too: " + farmland.features().size());
        // Below z12 farmland is left out: an empty tile, not an error.
        Tiles.Response low = Tiles.get(server, Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 11, field), server.viewerKey);
        assertEquals(200, low.status());
        assertEquals(0, low.body().length);
        assertNotNull(Tiles.get(server, Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WORLD_CRS84_QUAD, 11, field),
                server.viewerKey).layers().get("basic-farmland"), "WorldCRS84Quad level 11 is about Web Mercator z12: farmland is drawn");

        double[] redLine = Tiles.pointOn(server, RED_LINE_AREA, RED_LINE_AREA.GEOM, RED_LINE_AREA.CODE.eq("DEMO-HX-01"));
        Map<Integer, Integer> maxVertices = Map.of(8, 100, 13, 1000, 17, 2100);
        for (int z : maxVertices.keySet()) {
            Mvt.Layer red = Tiles.get(server, Tiles.tilePath("/ogc/collections/red-lines/tiles", WEB_MERCATOR_QUAD, z, redLine),
                    server.viewerKey).layers().get("red-lines");
            Mvt.Feature f = feature(red, "code", "DEMO-HX-01");
            assertEquals("水源涵养", f.properties().get("category"));
            assertTrue(f.points().size() < maxVertices.get(z), "2000 vertices simplified by a pixel at z" + z + ": " + f.points().size());
        }
    }

    @Test
    void theMultiLayerTileKeepsItsLayerOrder() {
        // Field A lies in planned zone DEMO-BY-1, next to red line DEMO-HX-01 and blocks 1-2.
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0400"));
        List<String> names = new ArrayList<>(Tiles.get(server, Tiles.tilePath("/ogc/tiles", WEB_MERCATOR_QUAD, 12, field), server.viewerKey)
                .layers().keySet());
        assertTrue(names.containsAll(List.of("planned-zones", "basic-farmland", "mine-parcels")), names.toString());
        List<String> inOrder = new ArrayList<>(TileLayer.ORDER);
        inOrder.retainAll(names);
        assertEquals(inOrder, names, "layers come in the fixed order, background first");
    }

    @Test
    void addressesOutsideTheMatrixAreRefusedPrecisely() {
        Map<String, String> refused = Map.of(
                BLOCKS + "/WebMercatorQuad/21/0/0", "tileMatrix (z) 21 is outside WebMercatorQuad: its tile matrices are 0 to 20",
                BLOCKS + "/WebMercatorQuad/-1/0/0", "tileMatrix (z) '-1' is negative",
                BLOCKS + "/WebMercatorQuad/abc/0/0", "tileMatrix (z) 'abc' is not an integer",
                BLOCKS + "/WebMercatorQuad/3/8/0", "tileRow (y) 8 is outside tile matrix 3 of WebMercatorQuad: its rows are 0 to 7",
                BLOCKS + "/WebMercatorQuad/3/0/1.5", "tileCol (x) '1.5' is not an integer",
                BLOCKS + "/WorldCRS84Quad/0/0/2", "tileCol (x) 2 is outside tile matrix 0 of WorldCRS84Quad: its columns are 0 to 1",
                BLOCKS + "/WorldCRS84Quad/0/1/0", "tileRow (y) 1 is outside tile matrix 0 of WorldCRS84Quad: its rows are 0 to 0",
                "/ogc/tiles/WebMercatorQuad/2/99999999999999999999/0", "tileRow (y) '99999999999999999999' is too large");
        refused.forEach((path, message) -> {
            Tiles.Response r = Tiles.get(server, path, server.viewerKey);
            assertEquals(400, r.status(), path + ": " + r.text());
            assertEquals("BAD_USER_INPUT", r.json().at("/errors/0/extensions/code").asText());
            assertTrue(r.json().at("/errors/0/message").asText().startsWith(message), r.text());
        });
        assertEquals(200, Tiles.get(server, BLOCKS + "/WorldCRS84Quad/0/0/1", server.viewerKey).status(), "level 0 has two columns");
        assertEquals(200, Tiles.get(server, BLOCKS + "/WebMercatorQuad/20/1048575/1048575", null).status());
    }

    @Test
    void unknownSchemesAndCollectionsAre404() {
        for (String path : List.of("/ogc/tileMatrixSets/GoogleMapsCompatible", BLOCKS + "/WebMercator/1/0/0", "/ogc/tiles/webmercatorquad",
                "/ogc/tiles/WorldCRS84Quad/tilejson.json")) {
            Tiles.Response r = Tiles.get(server, path, server.viewerKey);
            assertEquals(404, r.status(), path);
            assertTrue(r.text().contains("WebMercatorQuad"), r.text());
        }
        Tiles.Response r = Tiles.get(server, "/ogc/collections/roads/tiles/WebMercatorQuad/1/0/0", server.viewerKey);
        assertEquals(404, r.status());
        assertTrue(r.text().contains("mine-parcels"), "names the collections: " + r.text());
    }

    @Test
    void tileMatrixSetsFollowTheOgcDefinitions() {
        var list = Tiles.get(server, "/ogc/tileMatrixSets", null).json();
        assertEquals(2, list.get("tileMatrixSets").size());
        var wmq = Tiles.get(server, "/ogc/tileMatrixSets/WebMercatorQuad", null).json();
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/3857", wmq.get("crs").asText());
        assertEquals("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", wmq.get("uri").asText());
        assertEquals(21, wmq.get("tileMatrices").size());
        var m0 = wmq.at("/tileMatrices/0");
        assertEquals(559_082_264.028_717_8, m0.get("scaleDenominator").asDouble(), 1e-3);
        assertEquals(156_543.033_928_041, m0.get("cellSize").asDouble(), 1e-6);
        assertEquals(1, m0.get("matrixWidth").asInt());
        assertEquals(-20_037_508.342_789_2, m0.at("/pointOfOrigin/0").asDouble(), 1e-6);
        var c = Tiles.get(server, "/ogc/tileMatrixSets/WorldCRS84Quad", null).json();
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/4490", c.get("crs").asText());
        assertEquals("[\"Lat\",\"Lon\"]", c.get("orderedAxes").toString());
        var c0 = c.at("/tileMatrices/0");
        assertEquals(2, c0.get("matrixWidth").asInt());
        assertEquals(1, c0.get("matrixHeight").asInt());
        assertEquals(0.703125, c0.get("cellSize").asDouble(), 1e-12);
        assertEquals(279_541_132.014_358, c0.get("scaleDenominator").asDouble(), 1e-2);
        assertEquals("[90.0,-180.0]", c0.get("pointOfOrigin").toString(), "latitude first, as EPSG:4490");
        assertEquals(2L << 20, c.at("/tileMatrices/20/matrixWidth").asLong());
    }

    @Test
    void tilesetMetadataLinksTheTemplateAndDescribesTheLayers() {
        var sets = Tiles.get(server, BLOCKS, null).json();
        assertEquals(2, sets.get("tilesets").size());
        assertEquals("vector", sets.at("/tilesets/0/dataType").asText());
        var t = Tiles.get(server, BLOCKS + "/WebMercatorQuad", null).json();
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/3857", t.get("crs").asText());
        Map<String, String> links = new java.util.HashMap<>();
        t.get("links").forEach(l -> links.put(l.get("rel").asText() + " " + l.path("type").asText(), l.get("href").asText()));
        String item = links.get("item application/vnd.mapbox-vector-tile");
        assertTrue(item.endsWith("/ogc/collections/mine-parcels/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"), item);
        assertTrue(links.get("http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme application/json").endsWith("/ogc/tileMatrixSets/WebMercatorQuad"));
        assertTrue(links.get("http://www.opengis.net/def/rel/ogc/1.0/geodata application/json").endsWith("/ogc/collections/mine-parcels"));
        assertEquals("mine-parcels", t.at("/layers/0/id").asText());
        assertEquals("string", t.at("/layers/0/propertiesSchema/properties/code/type").asText());
        var farmland = Tiles.get(server, "/ogc/collections/basic-farmland/tiles/WorldCRS84Quad", server.viewerKey).json();
        assertEquals("11", farmland.at("/layers/0/minTileMatrix").asText());
        assertEquals("integer", farmland.at("/layers/0/propertiesSchema/properties/id/type").asText());
        var all = Tiles.get(server, "/ogc/tiles/WebMercatorQuad", server.viewerKey).json();
        List<String> ids = new ArrayList<>();
        all.get("layers").forEach(l -> ids.add(l.get("id").asText()));
        assertEquals(TileLayer.ORDER, ids);
        assertEquals(2, Tiles.get(server, "/ogc/tiles/WebMercatorQuad", null).json().get("layers").size(), "the public: blocks and listings");
    }

    @Test
    void tileJsonForMapLibre() {
        var j = Tiles.get(server, "/ogc/tiles/WebMercatorQuad/tilejson.json", server.viewerKey).json();
        assertEquals("3.0.0", j.get("tilejson").asText());
        assertTrue(j.at("/tiles/0").asText().endsWith("/ogc/tiles/WebMercatorQuad/{z}/{y}/{x}"), j.at("/tiles/0").asText());
        assertEquals(6, j.get("vector_layers").size());
        assertEquals("basic-farmland", j.at("/vector_layers/3/id").asText());
        assertEquals(12, j.at("/vector_layers/3/minzoom").asInt());
        assertEquals("String", j.at("/vector_layers/4/fields/code").asText());
        assertEquals("Number", j.at("/vector_layers/4/fields/areaM2").asText());
        var one = Tiles.get(server, BLOCKS + "/WebMercatorQuad/tilejson.json", null).json();
        assertEquals(1, one.get("vector_layers").size());
        assertTrue(one.at("/tiles/0").asText().endsWith(BLOCKS + "/WebMercatorQuad/{z}/{y}/{x}"));
        Set<String> publicLayers = new TreeSet<>();
        Tiles.get(server, "/ogc/tiles/WebMercatorQuad/tilejson.json", null).json().get("vector_layers").forEach(l -> publicLayers.add(l.get("id").asText()));
        assertEquals(Set.of("listings", "mine-parcels"), publicLayers);
    }
}
