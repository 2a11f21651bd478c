package zmd.registry.features.cql;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A GeoJSON geometry (RFC 7946, the seven types) as CQL2 JSON carries it. Written here because jts-io is not on the
 * classpath and the registry's own reader takes polygons only; errors give the JSON Pointer of the bad position.
 */
final class CqlGeoJson {
    private static final GeometryFactory F = CqlGeometries.FACTORY;

    private CqlGeoJson() {
    }

    static Geometry read(JsonNode node, String path) {
        JsonNode type = node.get("type");
        if (!type.isTextual()) {
            throw Cql2Json.refuse(path + "/type", "expected a GeoJSON geometry type but found " + Cql2Json.describe(type));
        }
        if (type.textValue().equals("GeometryCollection")) {
            Cql2Json.members(node, path, "type", "geometries", "bbox");
            JsonNode parts = array(node.get("geometries"), path + "/geometries");
            Geometry[] geometries = new Geometry[parts.size()];
            for (int i = 0; i < geometries.length; i++) {
                String at = path + "/geometries/" + i;
                JsonNode part = parts.get(i);
                if (!part.isObject() || !part.has("type")) {
                    throw Cql2Json.refuse(at, "expected a GeoJSON geometry but found " + Cql2Json.describe(part));
                }
                if ("GeometryCollection".equals(part.get("type").asText())) {
                    throw Cql2Json.refuse(at, "a GeometryCollection cannot hold another one");
                }
                geometries[i] = read(part, at);
            }
            return F.createGeometryCollection(geometries);
        }
        Cql2Json.members(node, path, "type", "coordinates", "bbox");
        JsonNode c = node.get("coordinates");
        String at = path + "/coordinates";
        try {
            return switch (type.textValue()) {
                case "Point" -> F.createPoint(position(c, at));
                case "LineString" -> line(c, at);
                case "Polygon" -> polygon(c, at);
                case "MultiPoint" -> {
                    JsonNode points = array(c, at);
                    Point[] out = new Point[points.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = F.createPoint(position(points.get(i), at + "/" + i));
                    }
                    yield F.createMultiPoint(out);
                }
                case "MultiLineString" -> {
                    JsonNode lines = array(c, at);
                    LineString[] out = new LineString[lines.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = line(lines.get(i), at + "/" + i);
                    }
                    yield F.createMultiLineString(out);
                }
                case "MultiPolygon" -> {
                    JsonNode polygons = array(c, at);
                    Polygon[] out = new Polygon[polygons.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = polygon(polygons.get(i), at + "/" + i);
                    }
                    yield F.createMultiPolygon(out);
                }
                default -> throw Cql2Json.refuse(path + "/type", Cql2Json.describe(type) + " is not a GeoJSON geometry type"
                        + " (Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection)");
            };
        } catch (IllegalArgumentException e) {
            // The geometry factory's own checks: too few points for a line or a ring.
            throw Cql2Json.refuse(at, "not a " + type.textValue() + ": " + zmd.registry.core.Texts.shortened(e.getMessage()));
        }
    }

    private static LineString line(JsonNode json, String path) {
        return F.createLineString(positions(json, path));
    }

    private static Polygon polygon(JsonNode json, String path) {
        JsonNode rings = array(json, path);
        if (rings.isEmpty()) {
            return F.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), path + "/0");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), path + "/" + i);
        }
        return F.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode json, String path) {
        Coordinate[] c = positions(json, path);
        if (c.length < 4) {
            throw Cql2Json.refuse(path, "a ring needs at least 4 positions (3 corners and the first again), got " + c.length);
        }
        if (!c[0].equals2D(c[c.length - 1])) {
            throw Cql2Json.refuse(path, "the ring is not closed: GeoJSON rings repeat the first position at the end");
        }
        return F.createLinearRing(c);
    }

    private static Coordinate[] positions(JsonNode json, String path) {
        JsonNode list = array(json, path);
        Coordinate[] out = new Coordinate[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = position(list.get(i), path + "/" + i);
        }
        return out;
    }

    /** [x, y] or [x, y, z]; the elevation is dropped, as the registry's geometries are 2D. */
    private static Coordinate position(JsonNode json, String path) {
        if (json == null || !json.isArray() || json.size() < 2 || json.size() > 3) {
            throw Cql2Json.refuse(path, "expected a position [x, y] or [x, y, z] but found " + Cql2Json.describe(json));
        }
        for (int i = 0; i < json.size(); i++) {
            if (!json.get(i).isNumber() || !Double.isFinite(json.get(i).doubleValue())) {
                throw Cql2Json.refuse(path + "/" + i, "expected a finite number but found " + Cql2Json.describe(json.get(i)));
            }
        }
        return new Coordinate(json.get(0).doubleValue(), json.get(1).doubleValue());
    }

    private static JsonNode array(JsonNode json, String path) {
        if (json == null || !json.isArray()) {
            throw Cql2Json.refuse(path, "expected an array but found " + Cql2Json.describe(json));
        }
        return json;
    }
}
