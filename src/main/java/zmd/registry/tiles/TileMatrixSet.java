package zmd.registry.tiles;

import java.util.Arrays;
import java.util.List;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/**
 * The two tiling schemes served, as OGC TMS 2.0 defines them (17-083r4 Annex D): WebMercatorQuad in EPSG:3857, and
 * the WorldCRS84Quad layout (2 × 1 tiles of 180° at level 0) in CGCS2000 lon/lat, EPSG:4490, the CRS of the
 * national 天地图 c-grid and of the registry's storage. CGCS2000 and WGS 84 differ by centimetres, so the grid is
 * the OGC one; only the declared CRS differs, which is why no OGC {@code uri} is claimed for it.
 */
public enum TileMatrixSet {
    WEB_MERCATOR_QUAD("WebMercatorQuad", "Google Maps Compatible for the World (Web Mercator)", 3857,
            "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
            "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible", List.of("X", "Y")),
    WORLD_CRS84_QUAD("WorldCRS84Quad", "WorldCRS84Quad tiles in CGCS2000 geographic coordinates (EPSG:4490)", 4490, null,
            "http://www.opengis.net/def/wkss/OGC/1.0/GoogleCRS84Quad", List.of("Lat", "Lon"));

    /** The deepest tile matrix: 15 cm cells in WebMercatorQuad, finer than any boundary survey the registry holds. */
    public static final int MAX_ZOOM = 20;
    /** Half the Web Mercator world, metres. */
    public static final double MERCATOR_HALF = 20_037_508.342789244;
    /** Pixels per tile in the TMS definition (the "standardized" tile; vector tiles are scaled freely). */
    public static final int TILE_PIXELS = 256;
    /** WGS 84 semi-major axis: the sphere of Web Mercator, and metres per degree for the CRS84 scale set. */
    private static final double EARTH_RADIUS = 6_378_137;
    /** OGC's standardized rendering pixel, 0.28 mm. */
    private static final double STANDARD_PIXEL_M = 0.00028;

    private final String id;
    private final String title;
    private final int srid;
    private final String uri;
    private final String wellKnownScaleSet;
    private final List<String> orderedAxes;

    TileMatrixSet(String id, String title, int srid, String uri, String wellKnownScaleSet, List<String> orderedAxes) {
        this.id = id;
        this.title = title;
        this.srid = srid;
        this.uri = uri;
        this.wellKnownScaleSet = wellKnownScaleSet;
        this.orderedAxes = orderedAxes;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The CRS tiles are cut in and MVT coordinates are relative to. */
    public int srid() {
        return srid;
    }

    public String crsUri() {
        return "http://www.opengis.net/def/crs/EPSG/0/" + srid;
    }

    /** The OGC registry URI of the tile matrix set, or null when this is not exactly the registered one. */
    public String uri() {
        return uri;
    }

    public String wellKnownScaleSet() {
        return wellKnownScaleSet;
    }

    /** The CRS's axes in its own order: EPSG:4490 is latitude first, so its points of origin are (90, -180). */
    public List<String> orderedAxes() {
        return orderedAxes;
    }

    public long matrixWidth(int z) {
        return this == WEB_MERCATOR_QUAD ? 1L << z : 2L << z;
    }

    public long matrixHeight(int z) {
        return 1L << z;
    }

    /** CRS units (metres or degrees) per pixel of a 256-pixel tile. */
    public double cellSize(int z) {
        double tile = this == WEB_MERCATOR_QUAD ? 2 * MERCATOR_HALF : 180;
        return tile / (1L << z) / TILE_PIXELS;
    }

    public double scaleDenominator(int z) {
        double metresPerUnit = this == WEB_MERCATOR_QUAD ? 1 : 2 * Math.PI * EARTH_RADIUS / 360;
        return cellSize(z) * metresPerUnit / STANDARD_PIXEL_M;
    }

    /** The top-left corner of every matrix, in the CRS's axis order. */
    public double[] pointOfOrigin() {
        return this == WEB_MERCATOR_QUAD ? new double[] {-MERCATOR_HALF, MERCATOR_HALF} : new double[] {90, -180};
    }

    /**
     * The WebMercatorQuad zoom whose tiles are about as wide on the ground: a WorldCRS84Quad tile of level z spans
     * 180°/2^z of longitude, a Web Mercator one 360°/2^z. Zoom-dependent rules (minimum zooms, generalisation) are
     * stated once in Web Mercator zooms.
     */
    public int mercatorZoom(int z) {
        return this == WEB_MERCATOR_QUAD ? z : z + 1;
    }

    /** The level of this set equivalent to a WebMercatorQuad zoom (inverse of {@link #mercatorZoom}), at least 0. */
    public int fromMercatorZoom(int mercatorZoom) {
        return Math.max(0, this == WEB_MERCATOR_QUAD ? mercatorZoom : mercatorZoom - 1);
    }

    /** The zoom {@code ST_TileEnvelope} is called with over {@link #envelopeBounds()}: 2^(z+1) square tiles for CRS84. */
    int envelopeZoom(int z) {
        return this == WEB_MERCATOR_QUAD ? z : z + 1;
    }

    /**
     * The square {@code ST_TileEnvelope} divides (minx, miny, maxx, maxy in the set's CRS, x = lon). For WorldCRS84Quad
     * it reaches 180° below the south pole, so that dividing it into 2^(z+1) squares yields the 2^(z+1) × 2^z tiles of
     * 180°/2^z whose rows start at 90°N; rows below the pole are never asked for.
     */
    double[] envelopeBounds() {
        return this == WEB_MERCATOR_QUAD ? new double[] {-MERCATOR_HALF, -MERCATOR_HALF, MERCATOR_HALF, MERCATOR_HALF}
                : new double[] {-180, -270, 180, 90};
    }

    /** A tile's bounds in EPSG:4490 lon/lat (west, south, east, north): for pixel sizes in degrees. */
    public double[] lonLatBounds(int z, long x, long y) {
        if (this == WORLD_CRS84_QUAD) {
            double size = 180.0 / (1L << z);
            return new double[] {-180 + x * size, 90 - (y + 1) * size, -180 + (x + 1) * size, 90 - y * size};
        }
        double size = 2 * MERCATOR_HALF / (1L << z);
        double west = -MERCATOR_HALF + x * size;
        double north = MERCATOR_HALF - y * size;
        return new double[] {lon(west), lat(north - size), lon(west + size), lat(north)};
    }

    /** The tile (x, y) of level z containing a lon/lat point; for tests and fixtures. */
    public long[] tileOf(int z, double lon, double lat) {
        if (this == WORLD_CRS84_QUAD) {
            double size = 180.0 / (1L << z);
            return new long[] {(long) Math.floor((lon + 180) / size), (long) Math.floor((90 - lat) / size)};
        }
        double size = 2 * MERCATOR_HALF / (1L << z);
        double mx = Math.toRadians(lon) * EARTH_RADIUS;
        double my = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2)) * EARTH_RADIUS;
        return new long[] {(long) Math.floor((mx + MERCATOR_HALF) / size), (long) Math.floor((MERCATOR_HALF - my) / size)};
    }

    private static double lon(double mx) {
        return Math.toDegrees(mx / EARTH_RADIUS);
    }

    private static double lat(double my) {
        return Math.toDegrees(Math.atan(Math.sinh(my / EARTH_RADIUS)));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(TileMatrixSet::id).toList();
    }

    /** The set a path names (exactly, as OGC ids are case-sensitive); NOT_FOUND naming the known ones otherwise. */
    public static TileMatrixSet byId(String id) {
        for (TileMatrixSet t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new RegistryException(ErrorCode.NOT_FOUND, "no tile matrix set " + zmd.registry.core.Texts.quoted(id)
                + ": the tile matrix sets are " + String.join(" and ", ids()));
    }
}
