package zmd.registry.geo;

import static zmd.registry.geo.GeometryInputParser.MAX_VERTICES;
import static zmd.registry.geo.GeometryInputParser.isEasting;
import static zmd.registry.geo.GeometryInputParser.isNorthing;
import static zmd.registry.geo.GeometryInputParser.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import zmd.registry.geo.GeometryInput.CornerPointInput;
import zmd.registry.geo.GeometryInput.CornerRingInput;
import zmd.registry.geo.GeometryInputParser.Parsed;

/**
 * Reads a corner-point table given as input (X northing before Y easting, maybe zone-prefixed) into a block in
 * EPSG:4547; its errors name the corner points, and the edges between them where the block self-intersects.
 */
final class CornerPointReader {
    private CornerPointReader() {
    }

    static Parsed read(GeometryInput.CornerPointTableInput table) {
        if (table.rings() == null || table.rings().isEmpty()) {
            throw new InvalidGeometryException("cornerPoints.rings: at least one ring of corner points is required");
        }
        GeometryFactory f = GeometryInputParser.factory(Crs.EPSG_4547);
        Boolean prefixed = table.zonePrefixed();
        List<List<LinearRing>> parts = new ArrayList<>();
        List<CornerSegmentIndex.RingPoints> numbering = new ArrayList<>();
        int autoNumber = 0;
        int total = 0;
        for (int r = 0; r < table.rings().size(); r++) {
            CornerRingInput ring = table.rings().get(r);
            String at = "cornerPoints.rings[" + r + "]";
            if (ring.points() == null || ring.points().size() < 3) {
                throw new InvalidGeometryException(at + ": a ring needs at least 3 corner points");
            }
            total += ring.points().size();
            if (total > MAX_VERTICES) {
                throw new InvalidGeometryException("a block may have at most " + MAX_VERTICES + " corner points");
            }
            List<Coordinate> coords = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            for (CornerPointInput p : ring.points()) {
                autoNumber++;
                int no = p.no() != null ? p.no() : autoNumber;
                coords.add(cornerToEastNorth(p, no, prefixed));
                numbers.add(no);
            }
            // Tables list each corner once; drop a repeated closing point, then close the ring.
            if (coords.size() > 3 && coords.getFirst().equals2D(coords.getLast())) {
                coords.removeLast();
                numbers.removeLast();
            }
            coords.add(new Coordinate(coords.getFirst()));
            LinearRing lr = f.createLinearRing(coords.toArray(Coordinate[]::new));
            numbering.add(new CornerSegmentIndex.RingPoints(lr.getCoordinates(), numbers));
            if (ring.hole()) {
                if (parts.isEmpty()) {
                    throw new InvalidGeometryException(at + ": the first ring cannot be a hole");
                }
                parts.getLast().add(lr);
            } else {
                parts.add(new ArrayList<>(List.of(lr)));
            }
        }
        Polygon[] polygons = parts.stream()
                .map(rings -> f.createPolygon(rings.getFirst(), rings.subList(1, rings.size()).toArray(LinearRing[]::new)))
                .toArray(Polygon[]::new);
        MultiPolygon mp = f.createMultiPolygon(polygons);
        mp.setSRID(Crs.EPSG_4547.srid());
        GeometryInputParser.validate(mp, Crs.EPSG_4547, new CornerSegmentIndex(numbering));
        return new Parsed(mp, Crs.EPSG_4547);
    }

    /** Corner X (northing), Y (easting, maybe zone-prefixed) to a JTS coordinate (easting, northing). */
    private static Coordinate cornerToEastNorth(CornerPointInput p, int no, Boolean zonePrefixed) {
        double x = p.x();
        double y = p.y();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new InvalidGeometryException("corner point " + no + ": X and Y must be finite numbers");
        }
        boolean yPrefixed = y >= 10_000_000;
        boolean xPrefixed = x >= 10_000_000;
        if ((isEasting(x) || xPrefixed && isEasting(x % 1_000_000)) && isNorthing(y)) {
            throw new InvalidGeometryException(String.format(Locale.ROOT,
                    "corner point %d: X=%s looks like an easting and Y=%s like a northing; a corner-point table lists X (northing) first, then Y (easting) — swap the columns",
                    no, num(x), num(y)), Map.of("problem", "SWAPPED_AXES", "point", no));
        }
        if (yPrefixed) {
            int zone = (int) (y / 1_000_000);
            if (Boolean.FALSE.equals(zonePrefixed)) {
                throw new InvalidGeometryException(String.format(Locale.ROOT,
                        "corner point %d: Y=%s carries a zone prefix but zonePrefixed is false", no, num(y)), Map.of("point", no));
            }
            if (zone != 38) {
                throw new InvalidGeometryException(String.format(Locale.ROOT,
                        "corner point %d: Y=%s is in 3-degree zone %d; Zhumadian lies in zone 38 (central meridian 114 E)", no, num(y), zone),
                        Map.of("problem", "WRONG_ZONE", "point", no));
            }
            y -= Crs.ZONE_38_OFFSET;
        } else if (Boolean.TRUE.equals(zonePrefixed)) {
            throw new InvalidGeometryException(String.format(Locale.ROOT,
                    "corner point %d: Y=%s has no zone prefix but zonePrefixed is true (expected 38xxxxxx.xx)", no, num(y)), Map.of("point", no));
        }
        if (!isNorthing(x) || !isEasting(y)) {
            throw new InvalidGeometryException(String.format(Locale.ROOT,
                    "corner point %d: X=%s, Y=%s is not a plausible zone-38 northing, easting", no, num(p.x()), num(p.y())),
                    Map.of("problem", "WRONG_CRS", "point", no));
        }
        return new Coordinate(y, x);
    }

    /** Finds which numbered corner-point edges pass through a location, to name them in errors. */
    static final class CornerSegmentIndex {
        record RingPoints(Coordinate[] closedRing, List<Integer> numbers) {
        }

        private final List<RingPoints> rings;

        CornerSegmentIndex(List<RingPoints> rings) {
            this.rings = rings;
        }

        List<String> edgesNear(Coordinate at, double tolerance) {
            GeometryFactory f = new GeometryFactory();
            var point = f.createPoint(at);
            List<String> edges = new ArrayList<>();
            for (RingPoints ring : rings) {
                Coordinate[] c = ring.closedRing();
                for (int i = 0; i < c.length - 1; i++) {
                    LineString seg = f.createLineString(new Coordinate[] {c[i], c[i + 1]});
                    if (seg.distance(point) <= tolerance) {
                        int from = ring.numbers().get(i);
                        int to = ring.numbers().get((i + 1) % ring.numbers().size());
                        edges.add(from + "–" + to);
                    }
                }
            }
            return edges;
        }
    }
}
