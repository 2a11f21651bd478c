package zmd.registry.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads a GeoJSON Polygon or MultiPolygon (or a Feature holding one) from its parsed JSON form.
 * Written here rather than taken from jts-io because staff need the exact position of a bad
 * coordinate ({@code coordinates[0][3]}) in the error, which the library does not give.
 */
public final class GeoJsonGeometryReader {
    private GeoJsonGeometryReader() {
    }

    public static Geometry read(Object json, GeometryFactory factory) {
        if (!(json instanceof Map<?, ?> obj)) {
            throw new InvalidGeometryException("geojson must be a GeoJSON object, got " + describe(json));
        }
        Object type = obj.get("type");
        if ("Feature".equals(type)) {
            return read(obj.get("geometry"), factory);
        }
        Object coordinates = obj.get("coordinates");
        if ("Polygon".equals(type)) {
            return polygon(coordinates, "coordinates", factory);
        }
        if ("MultiPolygon".equals(type)) {
            List<?> parts = list(coordinates, "coordinates");
            if (parts.isEmpty()) {
                throw new InvalidGeometryException("coordinates: a MultiPolygon needs at least one polygon");
            }
            Polygon[] polygons = new Polygon[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                polygons[i] = polygon(parts.get(i), "coordinates[" + i + "]", factory);
            }
            return factory.createMultiPolygon(polygons);
        }
        if (type == null) {
            throw new InvalidGeometryException("geojson has no \"type\"; expected Polygon, MultiPolygon or Feature");
        }
        throw new InvalidGeometryException("a mining-right block must be a Polygon or MultiPolygon, got GeoJSON " + type);
    }

    /**
     * The SRID given, or the one a legacy {@code crs} member names (GeoJSON 2008 allows it on the Feature and on the
     * geometry); members that name no EPSG code or disagree with each other or with {@code srid} are refused.
     */
    static Integer withCrsMember(Object json, Integer srid) {
        Integer effective = srid;
        String from = "geometry.srid";
        Object geometry = json;
        for (int level = 0; level < 2 && geometry instanceof Map<?, ?> obj; level++) {
            if (obj.get("crs") != null) {
                String where = "Feature".equals(obj.get("type")) ? "the Feature's crs member" : "the geometry's crs member";
                Integer named = obj.get("crs") instanceof Map<?, ?> crs && crs.get("properties") instanceof Map<?, ?> props
                        && props.get("name") instanceof String name ? Crs.epsgOfName(name) : null;
                if (named == null) {
                    throw new InvalidGeometryException(where + " names no EPSG code; expected"
                            + " {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4547\"}} or urn:ogc:def:crs:EPSG::4547");
                }
                if (effective != null && !effective.equals(named)) {
                    throw new InvalidGeometryException(where + " names EPSG:" + named + " but " + from + " says " + effective);
                }
                effective = named;
                from = where;
            }
            geometry = "Feature".equals(obj.get("type")) ? obj.get("geometry") : null;
        }
        return effective;
    }

    private static Polygon polygon(Object json, String path, GeometryFactory factory) {
        List<?> rings = list(json, path);
        if (rings.isEmpty()) {
            throw new InvalidGeometryException(path + ": a polygon needs an exterior ring");
        }
        LinearRing shell = ring(rings.get(0), path + "[0]", factory);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), path + "[" + i + "]", factory);
        }
        return factory.createPolygon(shell, holes);
    }

    private static LinearRing ring(Object json, String path, GeometryFactory factory) {
        List<?> positions = list(json, path);
        List<Coordinate> coords = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            String at = path + "[" + i + "]";
            List<?> pos = list(positions.get(i), at);
            if (pos.size() < 2) {
                throw new InvalidGeometryException(at + ": a position needs two numbers [x, y], got " + pos.size());
            }
            coords.add(new Coordinate(number(pos.get(0), at + "[0]"), number(pos.get(1), at + "[1]")));
        }
        if (coords.size() < 4) {
            throw new InvalidGeometryException(path + ": a ring needs at least 4 positions (3 corners and the closing one), got " + coords.size());
        }
        if (!coords.getFirst().equals2D(coords.getLast())) {
            throw new InvalidGeometryException(path + ": the ring is not closed; GeoJSON rings repeat the first position at the end");
        }
        return factory.createLinearRing(coords.toArray(Coordinate[]::new));
    }

    private static List<?> list(Object json, String path) {
        if (json instanceof List<?> l) {
            return l;
        }
        throw new InvalidGeometryException(path + ": expected an array, got " + describe(json));
    }

    private static double number(Object json, String path) {
        if (json instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new InvalidGeometryException(path + ": expected a finite number, got " + describe(json));
    }

    private static String describe(Object json) {
        if (json == null) {
            return "null";
        }
        String s = String.valueOf(json);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
