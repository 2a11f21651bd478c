package zmd.registry.geo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Turns staff input into a valid MultiPolygon with a declared SRID, or explains precisely what is wrong:
 * where it self-intersects, which coordinates are in swapped order, which point carries the wrong zone.
 * Pure: the CRS transformation and the "inside Zhumadian" test happen in PostGIS afterwards.
 */
public final class GeometryInputParser {
    public static final int MAX_VERTICES = 50_000;
    /**
     * A MultiPolygon nests three deep; the slack lets a wrapped one still get the "must be a Polygon" message.
     * JTS's WKT reader recurses per parenthesis, so deeper text would overflow the stack.
     */
    static final int MAX_WKT_NESTING = 8;

    /** Plausible Gauss-Krueger (3-degree, zone-local) eastings and northings for China south of 54 N. */
    private static final double MIN_EASTING = 200_000, MAX_EASTING = 800_000;
    private static final java.util.regex.Pattern NAN = java.util.regex.Pattern.compile("(?i)\\bnan\\b");
    private static final double MIN_NORTHING = 2_000_000, MAX_NORTHING = 6_000_000;

    private GeometryInputParser() {
    }

    public record Parsed(MultiPolygon geometry, Crs crs) {
    }

    public static Parsed parse(GeometryInput input) {
        if (input == null) {
            throw new InvalidGeometryException("geometry is required");
        }
        int given = (input.geojson() != null ? 1 : 0) + (input.wkt() != null ? 1 : 0) + (input.cornerPoints() != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidGeometryException("give exactly one of geometry.geojson, geometry.wkt or geometry.cornerPoints (got " + given + ")");
        }
        if (input.cornerPoints() != null) {
            if (input.srid() != null) {
                throw new InvalidGeometryException("geometry.srid does not apply to a corner-point table: its X/Y are EPSG:4547, or EPSG:4526 with the zone prefix");
            }
            return CornerPointReader.read(input.cornerPoints());
        }
        Integer srid = input.srid();
        if (input.geojson() != null) {
            srid = GeoJsonGeometryReader.withCrsMember(input.geojson(), srid);
        }
        Crs crs = declaredCrs(srid, input.geojson() != null ? Crs.EPSG_4326 : Crs.EPSG_4490);
        Geometry g;
        if (input.geojson() != null) {
            g = GeoJsonGeometryReader.read(input.geojson(), factory(crs));
        } else {
            g = readWkt(input.wkt(), crs);
            crs = Crs.ofSrid(g.getSRID());
        }
        checkVertexCount(g);
        checkCoordinateOrder(g, crs);
        if (crs == Crs.EPSG_4526) {
            g = stripZonePrefix(g);
            crs = Crs.EPSG_4547;
        }
        MultiPolygon mp = toMultiPolygon(g, crs);
        validate(mp, crs, null);
        return new Parsed(mp, crs);
    }

    private static Crs declaredCrs(Integer srid, Crs fallback) {
        if (srid == null) {
            return fallback;
        }
        try {
            return Crs.ofSrid(srid);
        } catch (IllegalArgumentException e) {
            throw new InvalidGeometryException("geometry.srid " + e.getMessage());
        }
    }

    static GeometryFactory factory(Crs crs) {
        return new GeometryFactory(new PrecisionModel(), crs.srid());
    }

    private static Geometry readWkt(String wkt, Crs crs) {
        String text = wkt.strip();
        Crs effective = crs;
        if (text.regionMatches(true, 0, "SRID=", 0, 5)) {
            int semi = text.indexOf(';');
            if (semi < 0) {
                throw new InvalidGeometryException("EWKT 'SRID=…' must be followed by ';' and the WKT");
            }
            try {
                effective = Crs.ofSrid(Integer.parseInt(text.substring(5, semi).strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidGeometryException("EWKT " + e.getMessage());
            }
            text = text.substring(semi + 1);
        }
        checkNesting(text);
        if (NAN.matcher(text).find()) {
            // Caught before reading: a NaN ring cannot close, and JTS would fail on that instead.
            throw new InvalidGeometryException("WKT coordinates must be finite numbers, got NaN");
        }
        try {
            Geometry g = new WKTReader(factory(effective)).read(text);
            g.setSRID(effective.srid());
            checkFinite(g);
            return g;
        } catch (ParseException e) {
            throw new InvalidGeometryException("WKT cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // JTS refuses rings that do not close or have too few points while building them.
            throw new InvalidGeometryException("WKT cannot be read: " + e.getMessage());
        }
    }

    private static void checkNesting(String wkt) {
        int depth = 0;
        for (int i = 0; i < wkt.length(); i++) {
            char c = wkt.charAt(i);
            if (c == '(' && ++depth > MAX_WKT_NESTING) {
                throw new InvalidGeometryException("WKT nests parentheses more than " + MAX_WKT_NESTING
                        + " deep; a Polygon or MultiPolygon needs at most 3");
            } else if (c == ')') {
                depth--;
            }
        }
    }

    /** The WKT reader accepts NaN and Inf as numbers; neither is a position. */
    private static void checkFinite(Geometry g) {
        Coordinate[] coords = g.getCoordinates();
        for (int i = 0; i < coords.length; i++) {
            if (!Double.isFinite(coords[i].x) || !Double.isFinite(coords[i].y)) {
                throw new InvalidGeometryException("WKT position " + (i + 1) + ": coordinates must be finite numbers, got "
                        + pair(coords[i].x, coords[i].y));
            }
        }
    }

    private static void checkVertexCount(Geometry g) {
        if (g.getNumPoints() > MAX_VERTICES) {
            throw new InvalidGeometryException("a block may have at most " + MAX_VERTICES + " vertices, got " + g.getNumPoints());
        }
    }

    private static MultiPolygon toMultiPolygon(Geometry g, Crs crs) {
        GeometryFactory f = factory(crs);
        MultiPolygon mp;
        if (g instanceof Polygon p) {
            mp = f.createMultiPolygon(new Polygon[] {p});
        } else if (g instanceof MultiPolygon m) {
            mp = m;
        } else {
            throw new InvalidGeometryException("a mining-right block must be a Polygon or MultiPolygon, got " + g.getGeometryType());
        }
        if (mp.isEmpty()) {
            throw new InvalidGeometryException("the geometry is empty");
        }
        mp.setSRID(crs.srid());
        return mp;
    }

    /** Coordinates given as (lat, lon), (northing, easting), or projected without saying so. */
    static void checkCoordinateOrder(Geometry g, Crs crs) {
        Coordinate[] coords = g.getCoordinates();
        if (coords.length == 0) {
            return;
        }
        Coordinate first = coords[0];
        if (crs.geographic()) {
            if (allMatch(coords, c -> c.x >= 3 && c.x <= 54 && c.y >= 73 && c.y <= 136)) {
                throw new InvalidGeometryException(String.format(Locale.ROOT,
                        "coordinates are in latitude, longitude order (first position %s); give longitude first, e.g. [%s, %s]",
                        pair(first.x, first.y), num(first.y), num(first.x)), Map.of("problem", "SWAPPED_AXES"));
            }
            for (Coordinate c : coords) {
                if (Math.abs(c.x) > 180 || Math.abs(c.y) > 90) {
                    throw new InvalidGeometryException(String.format(Locale.ROOT,
                            "position %s is not longitude/latitude in EPSG:%d; projected coordinates need srid 4547 (or 4526 with the zone prefix)",
                            pair(c.x, c.y), crs.srid()), Map.of("problem", "WRONG_CRS"));
                }
            }
            return;
        }
        double offset = crs == Crs.EPSG_4526 ? Crs.ZONE_38_OFFSET : 0;
        if (allMatch(coords, c -> isNorthing(c.x) && isEasting(c.y - offset))) {
            throw new InvalidGeometryException(String.format(Locale.ROOT,
                    "coordinates are in northing, easting order (first position %s); in WKT/GeoJSON x is the easting, so swap them",
                    pair(first.x, first.y)), Map.of("problem", "SWAPPED_AXES"));
        }
        for (Coordinate c : coords) {
            double easting = c.x - offset;
            if (crs == Crs.EPSG_4547 && c.x >= 1_000_000 && c.x < 100_000_000 && isEasting(c.x % 1_000_000)) {
                throw new InvalidGeometryException(String.format(Locale.ROOT,
                        "easting %s carries a zone prefix (%d); declare srid 4526 or drop the prefix",
                        num(c.x), (int) (c.x / 1_000_000)), Map.of("problem", "ZONE_PREFIX"));
            }
            if (!isEasting(easting) || !isNorthing(c.y)) {
                throw new InvalidGeometryException(String.format(Locale.ROOT,
                        "position %s is not a plausible EPSG:%d easting, northing", pair(c.x, c.y), crs.srid()),
                        Map.of("problem", "WRONG_CRS"));
            }
        }
    }

    static void validate(MultiPolygon mp, Crs crs, CornerPointReader.CornerSegmentIndex corners) {
        TopologyValidationError error = new IsValidOp(mp).getValidationError();
        if (error == null) {
            return;
        }
        Coordinate at = error.getCoordinate();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("problem", error.getErrorType() == TopologyValidationError.SELF_INTERSECTION
                || error.getErrorType() == TopologyValidationError.RING_SELF_INTERSECTION ? "SELF_INTERSECTION" : "INVALID");
        StringBuilder msg = new StringBuilder(error.getMessage());
        if (at != null) {
            double[] shown = crs == Crs.EPSG_4547 && corners != null ? new double[] {at.y, at.x} : new double[] {at.x, at.y};
            msg.append(crs == Crs.EPSG_4547 && corners != null ? " at or near X=" + num(shown[0]) + ", Y=" + num(shown[1])
                    : " at or near " + pair(shown[0], shown[1]));
            details.put("location", List.of(shown[0], shown[1]));
            if (corners != null) {
                List<String> edges = corners.edgesNear(at, 1e-3);
                if (!edges.isEmpty()) {
                    msg.append(" (edges between corner points ").append(String.join(" and ", edges)).append(")");
                    details.put("edges", edges);
                }
            }
        }
        throw new InvalidGeometryException(msg.toString(), details);
    }

    private static Geometry stripZonePrefix(Geometry g) {
        Geometry copy = g.copy();
        copy.apply((org.locationtech.jts.geom.CoordinateFilter) c -> c.x -= Crs.ZONE_38_OFFSET);
        copy.geometryChanged();
        copy.setSRID(Crs.EPSG_4547.srid());
        return new GeometryFactory(new PrecisionModel(), Crs.EPSG_4547.srid()).createGeometry(copy);
    }

    static boolean isEasting(double v) {
        return v >= MIN_EASTING && v <= MAX_EASTING;
    }

    static boolean isNorthing(double v) {
        return v >= MIN_NORTHING && v <= MAX_NORTHING;
    }

    private static boolean allMatch(Coordinate[] coords, java.util.function.Predicate<Coordinate> test) {
        for (Coordinate c : coords) {
            if (!test.test(c)) {
                return false;
            }
        }
        return true;
    }

    private static String pair(double a, double b) {
        return "[" + num(a) + ", " + num(b) + "]";
    }

    /** Plain digits for plausible values; a huge one in scientific form, so a message never runs to 300 digits. */
    public static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        return Math.abs(v) < 1e15 ? d.toPlainString() : d.toString();
    }
}
