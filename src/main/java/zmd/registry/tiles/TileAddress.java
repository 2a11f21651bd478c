package zmd.registry.tiles;

import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;

/**
 * One tile: its matrix set, tile matrix (zoom z), row (y, from the top) and column (x, from the west). Parsed from
 * a path strictly: anything but a decimal integer inside the matrix is BAD_USER_INPUT with the valid range, never
 * an error from the database.
 */
public record TileAddress(TileMatrixSet tms, int z, long x, long y) {

    public TileAddress {
        if (z < 0 || z > TileMatrixSet.MAX_ZOOM || x < 0 || x >= tms.matrixWidth(z) || y < 0 || y >= tms.matrixHeight(z)) {
            throw new IllegalArgumentException("tile " + z + "/" + y + "/" + x + " is outside " + tms.id());
        }
    }

    /** The tile of a path's {tileMatrix}/{tileRow}/{tileCol}, in that order (OGC API – Tiles: z, y, x). */
    public static TileAddress parse(TileMatrixSet tms, String tileMatrix, String tileRow, String tileCol) {
        long z = integer(tileMatrix, "z", "tileMatrix (z)", "0 to " + TileMatrixSet.MAX_ZOOM);
        if (z > TileMatrixSet.MAX_ZOOM) {
            throw RegistryException.badInput("z", "tileMatrix (z) " + z + " is outside " + tms.id() + ": its tile matrices are 0 to "
                    + TileMatrixSet.MAX_ZOOM);
        }
        int level = (int) z;
        long rows = tms.matrixHeight(level);
        long cols = tms.matrixWidth(level);
        long y = integer(tileRow, "y", "tileRow (y)", "0 to " + (rows - 1) + " at tile matrix " + level);
        if (y >= rows) {
            throw RegistryException.badInput("y", "tileRow (y) " + y + " is outside tile matrix " + level + " of " + tms.id()
                    + ": its rows are 0 to " + (rows - 1));
        }
        long x = integer(tileCol, "x", "tileCol (x)", "0 to " + (cols - 1) + " at tile matrix " + level);
        if (x >= cols) {
            throw RegistryException.badInput("x", "tileCol (x) " + x + " is outside tile matrix " + level + " of " + tms.id()
                    + ": its columns are 0 to " + (cols - 1));
        }
        return new TileAddress(tms, level, x, y);
    }

    /** A non-negative decimal integer; more than 18 digits is out of every range, so it is reported as such. */
    private static long integer(String text, String field, String name, String range) {
        if (text == null || !text.matches("[0-9]{1,18}")) {
            String why = text != null && text.matches("-[0-9]+") ? " is negative" : " is not an integer";
            if (text != null && text.matches("[0-9]{19,}")) {
                why = " is too large";
            }
            throw RegistryException.badInput(field, name + " " + Texts.quoted(text) + why + "; it must be " + range);
        }
        return Long.parseLong(text);
    }

    /** The WebMercatorQuad zoom of the same ground resolution. */
    public int mercatorZoom() {
        return tms.mercatorZoom(z);
    }

    public double[] lonLatBounds() {
        return tms.lonLatBounds(z, x, y);
    }

    /** As in a path: z/y/x. */
    @Override
    public String toString() {
        return tms.id() + "/" + z + "/" + y + "/" + x;
    }
}
