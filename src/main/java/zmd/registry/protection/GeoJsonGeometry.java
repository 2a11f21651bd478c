package zmd.registry.protection;

import static zmd.registry.protection.GeoJsonFeatureReader.describe;
import static zmd.registry.protection.GeoJsonFeatureReader.next;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import zmd.registry.protection.GeoJsonFeatureReader.BadFeature;

/** A geometry member as read; its coordinates are interpreted once the type is known. */
record GeoJsonGeometry(String type, Object coordinates, JsonNode crs) {
    /** A feature may have at most this many positions: one feature is held in memory at a time. */
    static final int MAX_POSITIONS = 2_000_000;

    double[][][] polygons() throws BadFeature {
        if (type == null) {
            throw new BadFeature("the geometry has no \"type\"");
        }
        if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
            throw new BadFeature("the geometry is a " + type + "; layer features must be Polygon or MultiPolygon");
        }
        if (coordinates == null) {
            throw new BadFeature("the geometry has no \"coordinates\"");
        }
        if (type.equals("Polygon")) {
            return new double[][][] {polygon(coordinates, "coordinates")};
        }
        List<?> parts = list(coordinates, "coordinates");
        if (parts.isEmpty()) {
            throw new BadFeature("the MultiPolygon is empty");
        }
        double[][][] out = new double[parts.size()][][];
        for (int i = 0; i < parts.size(); i++) {
            out[i] = polygon(parts.get(i), "coordinates[" + i + "]");
        }
        return out;
    }

    private static double[][] polygon(Object json, String path) throws BadFeature {
        List<?> rings = list(json, path);
        if (rings.isEmpty()) {
            throw new BadFeature(path + ": the polygon is empty");
        }
        double[][] out = new double[rings.size()][];
        for (int r = 0; r < rings.size(); r++) {
            String at = path + "[" + r + "]";
            List<?> positions = list(rings.get(r), at);
            if (positions.size() < 4) {
                throw new BadFeature(at + ": a ring needs at least 4 positions (3 corners and the closing one), got " + positions.size());
            }
            double[] xy = new double[positions.size() * 2];
            for (int i = 0; i < positions.size(); i++) {
                if (!(positions.get(i) instanceof double[] pos)) {
                    throw new BadFeature(at + "[" + i + "] is not a position [x, y]");
                }
                xy[2 * i] = pos[0];
                xy[2 * i + 1] = pos[1];
            }
            int n = xy.length;
            if (xy[0] != xy[n - 2] || xy[1] != xy[n - 1]) {
                throw new BadFeature(at + ": the ring is not closed; GeoJSON rings repeat the first position at the end");
            }
            out[r] = xy;
        }
        return out;
    }

    private static List<?> list(Object json, String path) throws BadFeature {
        if (json instanceof List<?> l) {
            return l;
        }
        throw new BadFeature(path + " is a position where an array of " + (path.endsWith("]") ? "positions" : "rings") + " was expected");
    }

    /** The geometry member whose value the parser is at; null for a null geometry. */
    static GeoJsonGeometry read(JsonParser p, JsonToken value) throws IOException, BadFeature {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new BadFeature("\"geometry\" is " + describe(value) + ", not a GeoJSON geometry object");
        }
        String type = null;
        Object coordinates = null;
        JsonNode crs = null;
        int[] positions = {0};
        BadFeature bad = null;
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = next(p);
            if (name.equals("type") && t == JsonToken.VALUE_STRING) {
                type = p.getText();
            } else if (name.equals("coordinates") && t == JsonToken.START_ARRAY) {
                try {
                    coordinates = readCoordinates(p, positions);
                } catch (BadFeature e) {
                    bad = e;
                }
            } else if (name.equals("crs") && t == JsonToken.START_OBJECT) {
                crs = GeoJsonFeatureReader.MAPPER.readTree(p);
            } else {
                p.skipChildren();
            }
        }
        if (bad != null) {
            throw bad;
        }
        return new GeoJsonGeometry(type, coordinates, crs);
    }

    /**
     * Nested coordinate arrays as lists, with each position a {@code double[]{x, y}} (a third ordinate is
     * dropped). Reads to the end of the array even after a problem, so the parser stays in step.
     */
    private static Object readCoordinates(JsonParser p, int[] positions) throws IOException, BadFeature {
        JsonToken t = next(p);
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double x = p.getDoubleValue();
            if (next(p) == JsonToken.END_ARRAY || !p.currentToken().isNumeric()) {
                skipToEnd(p);
                throw new BadFeature("a position needs two numbers [x, y]");
            }
            double y = p.getDoubleValue();
            while ((t = next(p)) != JsonToken.END_ARRAY) {
                if (!t.isNumeric()) {
                    skipToEnd(p);
                    throw new BadFeature("a position holds only numbers, got " + describe(t));
                }
            }
            if (++positions[0] > MAX_POSITIONS) {
                throw new BadFeature("the feature has more than " + MAX_POSITIONS + " positions");
            }
            return new double[] {x, y};
        }
        List<Object> out = new ArrayList<>();
        BadFeature bad = null;
        while (t != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY) {
                try {
                    out.add(readCoordinates(p, positions));
                } catch (BadFeature e) {
                    if (bad == null) {
                        bad = e;
                    }
                }
            } else {
                p.skipChildren();
                if (bad == null) {
                    bad = new BadFeature("coordinates hold " + describe(t) + " where an array was expected");
                }
            }
            t = next(p);
        }
        if (bad != null) {
            throw bad;
        }
        return out;
    }

    private static void skipToEnd(JsonParser p) throws IOException {
        while (p.currentToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            next(p);
        }
    }
}
