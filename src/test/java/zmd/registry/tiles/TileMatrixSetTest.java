package zmd.registry.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.tiles.TileMatrixSet.WEB_MERCATOR_QUAD;
import static zmd.registry.tiles.TileMatrixSet.WORLD_CRS84_QUAD;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/** The grids' arithmetic, without a database. */
class TileMatrixSetTest {

    @ParameterizedTest
    @EnumSource(TileMatrixSet.class)
    void everyPointLiesInTheTileFoundForIt(TileMatrixSet t) {
        Random r = new Random(4490);
        for (int i = 0; i < 2_000; i++) {
            int z = r.nextInt(TileMatrixSet.MAX_ZOOM + 1);
            double lon = -179.9 + r.nextDouble() * 359.8;
            double lat = -85 + r.nextDouble() * 170;
            long[] xy = t.tileOf(z, lon, lat);
            TileAddress a = new TileAddress(t, z, xy[0], xy[1]);
            double[] b = a.lonLatBounds();
            assertTrue(b[0] <= lon && lon <= b[2] && b[1] <= lat && lat <= b[3], a + " " + java.util.Arrays.toString(b) + " holds " + lon + ", " + lat);
        }
    }

    @Test
    void levelZeroIsOneTileInWebMercatorAndTwoInCrs84() {
        assertArrayEquals(new double[] {-180, -85.0511287798, 180, 85.0511287798}, WEB_MERCATOR_QUAD.lonLatBounds(0, 0, 0), 1e-9);
        assertArrayEquals(new double[] {0, -90, 180, 90}, WORLD_CRS84_QUAD.lonLatBounds(0, 1, 0), 0);
        assertArrayEquals(new long[] {1, 0}, WORLD_CRS84_QUAD.tileOf(0, 114, 33));
        // Zhumadian, 114.0 E 33.0 N, at z10 in both.
        assertArrayEquals(new long[] {836, 412}, WEB_MERCATOR_QUAD.tileOf(10, 114, 33));
        assertArrayEquals(new long[] {1672, 324}, WORLD_CRS84_QUAD.tileOf(10, 114, 33));
    }

    @Test
    void zoomsCompareByGroundResolution() {
        assertEquals(12, WEB_MERCATOR_QUAD.mercatorZoom(12));
        assertEquals(12, WORLD_CRS84_QUAD.mercatorZoom(11));
        assertEquals(11, WORLD_CRS84_QUAD.fromMercatorZoom(12));
        assertEquals(0, WORLD_CRS84_QUAD.fromMercatorZoom(0));
        // A CRS84 tile of level z spans as many degrees of longitude as a Web Mercator tile of z + 1.
        for (int z = 0; z < TileMatrixSet.MAX_ZOOM; z++) {
            double crs84 = WORLD_CRS84_QUAD.lonLatBounds(z, 0, 0)[2] - WORLD_CRS84_QUAD.lonLatBounds(z, 0, 0)[0];
            double mercator = WEB_MERCATOR_QUAD.lonLatBounds(z + 1, 0, 0)[2] - WEB_MERCATOR_QUAD.lonLatBounds(z + 1, 0, 0)[0];
            assertEquals(crs84, mercator, 1e-9);
        }
    }

    @Test
    void scalesAreTheOgcOnes() {
        assertEquals(559_082_264.028_717_8, WEB_MERCATOR_QUAD.scaleDenominator(0), 1e-4);
        assertEquals(533.182_395_962_445_9, WEB_MERCATOR_QUAD.scaleDenominator(20), 1e-9);
        assertEquals(279_541_132.014_358_9, WORLD_CRS84_QUAD.scaleDenominator(0), 1e-4);
        assertEquals(0.703125 / (1 << 20), WORLD_CRS84_QUAD.cellSize(20), 0);
    }

    @Test
    void addressesAreCheckedAgainstTheirMatrix() {
        assertEquals("WorldCRS84Quad/3/7/15", TileAddress.parse(WORLD_CRS84_QUAD, "3", "7", "15").toString());
        for (String[] bad : new String[][] {{"3", "8", "0"}, {"3", "0", "16"}, {"21", "0", "0"}, {" 1", "0", "0"}, {"1e1", "0", "0"},
                {"", "0", "0"}, {"0", "+0", "0"}}) {
            RegistryException e = assertThrows(RegistryException.class, () -> TileAddress.parse(WORLD_CRS84_QUAD, bad[0], bad[1], bad[2]));
            assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        }
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RegistryException.class, () -> TileMatrixSet.byId("worldcrs84quad")).code());
    }
}
