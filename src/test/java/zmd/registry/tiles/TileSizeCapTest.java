package zmd.registry.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.db.Changes;

/**
 * Dense farmland: 25 600 patches of 24–72 m on a 75 m grid (12 km square), far denser than the city's, so that a
 * z12 tile drawn at full detail is well over the cap. Written by SQL into a dataset made current, as bench-data does.
 */
class TileSizeCapTest {
    static TestServer server;
    static TileService tiles;
    static TileAddress address;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
        var dsl = server.db.database().dsl();
        // Written as a DBA would: the transaction names its action, so the change log records it (V35).
        Changes.transaction(dsl, Caller.SYSTEM, "dense farmland (test)", tx -> {
            long dataset = ((Number) tx.fetchValue("""
                    INSERT INTO layer_dataset (layer_code, name, version, imported_by, feature_count)
                    VALUES ('BASIC_FARMLAND', 'dense test farmland', 'dense-1', 'TileSizeCapTest', 25600) RETURNING id""")).longValue();
            tx.execute("""
                    INSERT INTO farmland_patch (dataset_id, patch_code, land_class, geom)
                    SELECT ?, 'DENSE-' || lpad(i::text, 6, '0'), (ARRAY['0101', '0102', '0103'])[1 + i % 3],
                           ST_Multi(ST_Transform(ST_Buffer(ST_SetSRID(ST_MakePoint(489000 + (i % 160) * 75, 3606000 + (i / 160) * 75), 4547),
                                    12 + (i * 7919) % 25, 'quad_segs=4'), 4490))
                    FROM generate_series(0, 25599) AS i""", dataset);
            return tx.execute("UPDATE layer SET current_dataset_id = ? WHERE code = 'BASIC_FARMLAND'", dataset);
        });
        dsl.execute("ANALYZE farmland_patch");
        tiles = new TileService(server.registry.features(), dsl);
        // The z12 tile at the grid's centre lies wholly inside it.
        var centre = dsl.fetchSingle("""
                SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(495000, 3612000), 4547), 4490) AS p""");
        long[] xy = TileMatrixSet.WEB_MERCATOR_QUAD.tileOf(12, centre.get(0, Double.class), centre.get(1, Double.class));
        address = new TileAddress(TileMatrixSet.WEB_MERCATOR_QUAD, 12, xy[0], xy[1]);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<TileLayer> farmland() {
        return List.of(tiles.layer(Caller.SYSTEM, "basic-farmland"));
    }

    @Test
    void fullDetailWouldBeOverTheCap() {
        byte[] full = new TileRenderer(server.db.database().dsl()).render(farmland(), Caller.SYSTEM, address, 0);
        int features = Mvt.decode(full).get("basic-farmland").features().size();
        assertTrue(full.length > TileRenderer.MAX_BYTES, "the test needs a tile over the cap: " + full.length + " bytes");
        assertTrue(features > 8_000, features + " patches");
    }

    @Test
    void aTileIsGeneralisedUntilItFits() {
        TileRenderer.Tile tile = tiles.render(farmland(), Caller.SYSTEM, address);
        assertTrue(tile.level() >= 1, "rendered again, coarser: level " + tile.level());
        assertTrue(tile.level() < TileRenderer.LIMIT_LEVEL, "generalising sufficed, no feature limit: level " + tile.level());
        assertTrue(tile.bytes().length <= TileRenderer.MAX_BYTES, tile.bytes().length + " bytes");
        Mvt.Layer l = Mvt.decode(tile.bytes()).get("basic-farmland");
        assertTrue(l.features().size() > 500, "the larger patches stay: " + l.features().size());

        String path = "/ogc/collections/basic-farmland/tiles/WebMercatorQuad/12/" + address.y() + "/" + address.x();
        Tiles.Response r = Tiles.get(server, path, server.viewerKey);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.body().length <= TileRenderer.MAX_BYTES, r.body().length + " bytes over HTTP");
        assertEquals(l.features().size(), r.layers().get("basic-farmland").features().size(), "the same generalisation over HTTP");
        Tiles.Response all = Tiles.get(server, "/ogc/tiles/WebMercatorQuad/12/" + address.y() + "/" + address.x(), server.viewerKey);
        assertTrue(all.body().length <= TileRenderer.MAX_BYTES, all.body().length + " bytes in the multi-layer tile");
        assertTrue(all.layers().containsKey("basic-farmland"));
    }

    @Test
    void theLastResortKeepsTheLargestFeaturesAndAlwaysEnds() {
        // At z16 (a 600 m tile) the patches are large against the tile, so the feature limit is what bites.
        long[] xy = TileMatrixSet.WEB_MERCATOR_QUAD.tileOf(16, address.lonLatBounds()[0] + 0.05, address.lonLatBounds()[3] - 0.05);
        TileAddress z16 = new TileAddress(TileMatrixSet.WEB_MERCATOR_QUAD, 16, xy[0], xy[1]);
        var renderer = new TileRenderer(server.db.database().dsl());
        List<Double> all = areas(renderer.render(farmland(), Caller.SYSTEM, z16, 0));
        int level = TileRenderer.LIMIT_LEVEL + 5;
        List<Double> kept = areas(renderer.render(farmland(), Caller.SYSTEM, z16, level));
        // At most the limit: rows are chosen by size first, and a small one may still collapse when simplified.
        int limit = TileRenderer.LIMIT_FEATURES >> 5;
        assertTrue(kept.size() <= limit && kept.size() > limit / 2, kept.size() + " of " + all.size());
        assertTrue(all.subList(0, limit).containsAll(kept), "only the largest ones: " + kept + " of " + all);
        assertEquals(1, areas(renderer.render(farmland(), Caller.SYSTEM, z16, TileRenderer.EMPTY_LEVEL - 1)).size(),
                "one feature at the last level; past it the tile is empty");
    }

    /** The patches' areas, largest first. */
    private static List<Double> areas(byte[] tile) {
        return Mvt.decode(tile).get("basic-farmland").features().stream().map(f -> (Double) f.properties().get("areaM2"))
                .sorted(java.util.Comparator.reverseOrder()).toList();
    }
}
