package zmd.registry.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.ACCESS_LOG;
import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.tiles.TileMatrixSet.WEB_MERCATOR_QUAD;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.db.StatementCounter;
import zmd.registry.demo.DemoData;
import zmd.registry.protection.ImportRequest;
import zmd.registry.protection.ImportResult;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.LayerImporter;

/** Entity tags and revalidation: a 304 costs no tile, and an edit or an import changes the tags of the tiles it touches. */
class TileCachingTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String blockTile(int seq, int z) {
        double[] p = Tiles.pointOn(server, MINE_PARCEL, MINE_PARCEL.GEOM, MINE_PARCEL.CODE.eq(DemoData.code(seq)));
        return Tiles.tilePath("/ogc/collections/mine-parcels/tiles", WEB_MERCATOR_QUAD, z, p);
    }

    @Test
    void aTileRevalidatesWith304AndTheCallersViewIsInItsTag() {
        String path = blockTile(5, 13);
        Tiles.Response staff = Tiles.get(server, path, server.viewerKey);
        String etag = staff.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("W/\"[A-Za-z0-9_-]{24}\""), etag);
        assertEquals("private, no-cache", staff.header("Cache-Control"));
        assertEquals("Authorization", staff.header("Vary"));
        assertEquals(etag, Tiles.get(server, path, server.viewerKey).header("ETag"), "stable while nothing changes");

        Tiles.Response again = Tiles.get(server, path, server.viewerKey, etag);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.header("ETag"));
        assertEquals(304, Tiles.get(server, path, server.viewerKey, "\"other\", " + etag.substring(2)).status(), "a list, compared weakly");
        assertEquals(304, Tiles.get(server, path, server.viewerKey, "*").status());
        assertEquals(200, Tiles.get(server, path, server.viewerKey, "\"other\"").status());

        Tiles.Response anonymous = Tiles.get(server, path, null, etag);
        assertEquals(200, anonymous.status(), "the public's tile at the same URL is another entity");
        assertEquals("public, max-age=60", anonymous.header("Cache-Control"));
        assertNotEquals(etag, anonymous.header("ETag"));
        assertEquals(304, Tiles.get(server, path, server.platformKey, anonymous.header("ETag")).status(), "platforms see what the public sees");
    }

    @Test
    void aTileIsTwoStatementsAndARevalidationOne() {
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-A-0400"));
        for (String path : List.of(Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 14, field),
                Tiles.tilePath("/ogc/tiles", WEB_MERCATOR_QUAD, 13, field), blockTile(3, 12))) {
            String etag = etag(path);
            int logged = server.db.database().dsl().fetchCount(ACCESS_LOG);
            long before = StatementCounter.total();
            assertEquals(200, Tiles.get(server, path, server.viewerKey).status());
            long statements = StatementCounter.total() - before;
            // A staff tile that draws protected land or PLANNED blocks is recorded in the access log: one INSERT more.
            int recorded = server.db.database().dsl().fetchCount(ACCESS_LOG) - logged;
            assertTrue(recorded <= 1, recorded + " entries");
            assertEquals(2 + recorded, statements, path + ": the version, then the tile (the layers' rows known for their dataset)"
                    + (recorded == 1 ? ", then its access-log entry" : ""));
            before = StatementCounter.total();
            assertEquals(304, Tiles.get(server, path, server.viewerKey, etag).status());
            assertEquals(1, StatementCounter.total() - before, path + ": the version only");
        }
    }

    @Test
    void editingABlockChangesTheTagsOfItsTilesOnly() {
        var dsl = server.db.database().dsl();
        var block = dsl.select(MINE_PARCEL.ID, MINE_PARCEL.VERSION).from(MINE_PARCEL).where(MINE_PARCEL.CODE.eq(DemoData.code(9))).fetchSingle();
        String near = blockTile(9, 12);
        String farAway = blockTile(4, 12);
        assertNotEquals(near, farAway);
        String all = near.replace("/collections/mine-parcels", "");
        Map<String, String> before = Map.of(near, etag(near), farAway, etag(farAway), all, etag(all));

        server.data(server.editorKey, """
                mutation($id: ID!, $v: Int!, $p: MineParcelPatch!) { updateMineParcel(id: $id, version: $v, patch: $p) { version } }""",
                Map.of("id", block.value1().toString(), "v", block.value2(), "p", Map.of("name", "改名的矿区 (tile test)")));

        assertNotEquals(before.get(near), etag(near), "the block's tile");
        assertNotEquals(before.get(all), etag(all), "the multi-layer tile there");
        assertEquals(before.get(farAway), etag(farAway), "a tile elsewhere keeps its tag");
        Tiles.Response fresh = Tiles.get(server, near, server.viewerKey, before.get(near));
        assertEquals(200, fresh.status(), "the old tag no longer revalidates");
        assertTrue(fresh.layers().get("mine-parcels").values("name").contains("改名的矿区 (tile test)"));
    }

    @Test
    void importingAFarmlandDatasetChangesTheLayersTags() {
        double[] field = Tiles.pointOn(server, FARMLAND_PATCH, FARMLAND_PATCH.GEOM, FARMLAND_PATCH.PATCH_CODE.eq("DEMO-JBNT-B-0100"));
        String farmland = Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 14, field);
        String all = Tiles.tilePath("/ogc/tiles", WEB_MERCATOR_QUAD, 14, field);
        String blocks = Tiles.tilePath("/ogc/collections/mine-parcels/tiles", WEB_MERCATOR_QUAD, 14, field);
        String lowZoom = Tiles.tilePath("/ogc/collections/basic-farmland/tiles", WEB_MERCATOR_QUAD, 10, field);
        Map<String, String> before = Map.of(farmland, etag(farmland), all, etag(all), blocks, etag(blocks), lowZoom, etag(lowZoom));

        // A new dataset: one patch, at field B's place, in EPSG:4490 lon/lat.
        double x = field[0];
        double y = field[1];
        String geojson = String.format(java.util.Locale.ROOT, """
                {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"patch_code": "TILE-NEW-1", "land_class": "0101"},
                 "geometry": {"type": "Polygon", "coordinates": [[[%f, %f], [%f, %f], [%f, %f], [%f, %f], [%f, %f]]]}}]}""",
                x - 0.001, y - 0.001, x + 0.001, y - 0.001, x + 0.001, y + 0.001, x - 0.001, y + 0.001, x - 0.001, y - 0.001);
        ImportResult result = server.registry.importer().importFrom(Caller.SYSTEM,
                new ImportRequest(LayerCode.BASIC_FARMLAND, "tile test farmland", "tile-test-2", "test", 4490, false),
                LayerImporter.Source.of(geojson.getBytes(StandardCharsets.UTF_8)), n -> { });
        assertEquals(ImportResult.Status.IMPORTED, result.status(), result.message());

        assertNotEquals(before.get(farmland), etag(farmland));
        assertNotEquals(before.get(all), etag(all));
        assertEquals(before.get(blocks), etag(blocks), "the blocks' tile does not show farmland");
        assertEquals(before.get(lowZoom), etag(lowZoom), "below z12 farmland is not drawn, so its tile did not change");
        Mvt.Layer now = Tiles.get(server, farmland, server.viewerKey).layers().get("basic-farmland");
        assertEquals(List.of("TILE-NEW-1"), now.values("patchCode"), "only the new current dataset");
    }

    private static String etag(String path) {
        Tiles.Response r = Tiles.get(server, path, server.viewerKey);
        assertEquals(200, r.status(), r.text());
        return r.header("ETag");
    }
}
