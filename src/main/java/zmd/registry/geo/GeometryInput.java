package zmd.registry.geo;

import java.util.List;

/**
 * A block geometry as staff send it: exactly one of GeoJSON, WKT (optionally EWKT) or a corner-point table.
 * {@code srid} declares the CRS of GeoJSON (default 4326, RFC 7946) or WKT (default 4490).
 */
public record GeometryInput(Object geojson, String wkt, Integer srid, CornerPointTableInput cornerPoints) {

    /** 拐点坐标表: X is the northing, Y the easting (with or without the zone-38 prefix). */
    public record CornerPointTableInput(Boolean zonePrefixed, List<CornerRingInput> rings) {
    }

    /** One ring. A ring that is not a hole starts a new part; holes belong to the part before them. */
    public record CornerRingInput(boolean hole, List<CornerPointInput> points) {
    }

    public record CornerPointInput(Integer no, double x, double y) {
    }
}
