package zmd.registry.parcel;

import zmd.registry.geo.Crs;

/** One shape of geometry output; a request batches all blocks that ask for the same shape. */
public record GeometryRequest(Kind kind, Crs crs, int precision, Double simplifyMetres) {
    public enum Kind { GEOJSON, WKT, BBOX, CENTROID, PROJECTED }

    public static final GeometryRequest PROJECTED = new GeometryRequest(Kind.PROJECTED, Crs.EPSG_4547, 0, null);
}
