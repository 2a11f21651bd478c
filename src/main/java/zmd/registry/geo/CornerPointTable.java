package zmd.registry.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * 拐点坐标表: the block's corners in the Gauss-Krueger zone, X (northing) before Y (easting), numbered
 * continuously over the whole block, ring by ring, each corner once (the closing point is not repeated).
 */
public record CornerPointTable(int srid, boolean zonePrefixed, List<Ring> rings) {

    public record Ring(int part, boolean hole, List<Point> points) {
    }

    public record Point(int no, BigDecimal x, BigDecimal y) {
    }

    /** @param projected the block in EPSG:4547 */
    public static CornerPointTable of(Geometry projected, boolean zonePrefixed, int precision) {
        if (projected.getSRID() != Crs.EPSG_4547.srid()) {
            throw new IllegalArgumentException("corner points are read from EPSG:4547, got SRID " + projected.getSRID());
        }
        double offset = zonePrefixed ? Crs.ZONE_38_OFFSET : 0;
        List<Ring> rings = new ArrayList<>();
        int no = 0;
        for (int p = 0; p < projected.getNumGeometries(); p++) {
            Polygon polygon = (Polygon) projected.getGeometryN(p);
            List<LinearRing> ringsOfPart = new ArrayList<>();
            ringsOfPart.add(polygon.getExteriorRing());
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                ringsOfPart.add(polygon.getInteriorRingN(h));
            }
            for (int r = 0; r < ringsOfPart.size(); r++) {
                Coordinate[] coords = ringsOfPart.get(r).getCoordinates();
                List<Point> points = new ArrayList<>(coords.length - 1);
                for (int i = 0; i < coords.length - 1; i++) {
                    points.add(new Point(++no, round(coords[i].y, precision), round(coords[i].x + offset, precision)));
                }
                rings.add(new Ring(p + 1, r > 0, points));
            }
        }
        return new CornerPointTable(zonePrefixed ? Crs.EPSG_4526.srid() : Crs.EPSG_4547.srid(), zonePrefixed, rings);
    }

    private static BigDecimal round(double v, int precision) {
        return BigDecimal.valueOf(v).setScale(precision, RoundingMode.HALF_UP);
    }
}
