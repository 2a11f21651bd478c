package zmd.registry.protection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams the features of a GeoJSON FeatureCollection, or of newline-delimited GeoJSON (one Feature per
 * line, GDAL's GeoJSONSeq, with or without RFC 8142 record separators), one feature at a time: the file is
 * never held in memory. Members may come in any order. A feature that cannot be used is reported with
 * its position and the reading goes on; only malformed JSON stops it.
 */
final class GeoJsonFeatureReader {
    /** A feature as read: geometry is null when {@code problem} says why it cannot be used. */
    record RawFeature(int index, int line, String id, Map<String, String> properties, double[][][] polygons, Integer crsSrid,
                      String problem) {
    }

    interface Sink {
        void accept(RawFeature feature) throws IOException;
    }

    /** Malformed JSON or a file that is not GeoJSON: the reading stops here. */
    static final class FatalProblem extends Exception {
        final int index;
        final int line;

        FatalProblem(int index, int line, String message) {
            super(message, null, false, false);
            this.index = index;
            this.line = line;
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Coordinates are most of a layer file: parse their decimals with the fast parser, not Double.parseDouble. */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final Sink sink;
    private int index;
    private Integer crsMemberSrid;
    private boolean crsMemberAfterFeatures;

    GeoJsonFeatureReader(Sink sink) {
        this.sink = sink;
    }

    /** Number of features read, usable or not. */
    int count() {
        return index;
    }

    /** The EPSG code of a legacy {@code crs} member of the FeatureCollection, if it had one. */
    Integer crsMemberSrid() {
        return crsMemberSrid;
    }

    /** True when the {@code crs} member came after features that were already read. */
    boolean crsMemberAfterFeatures() {
        return crsMemberAfterFeatures;
    }

    void read(InputStream in) throws IOException, FatalProblem {
        try (JsonParser p = FACTORY.createParser(new RecordSeparatorFilter(in))) {
            JsonToken t;
            while ((t = next(p)) != null) {
                if (t != JsonToken.START_OBJECT) {
                    throw new FatalProblem(index, line(p), "expected a GeoJSON object (a FeatureCollection, or one Feature per line), got "
                            + describe(t));
                }
                readObject(p, true);
            }
        }
    }

    /** Reads one object: a FeatureCollection at the root, or a Feature (at the root for newline-delimited input). */
    private void readObject(JsonParser p, boolean root) throws IOException, FatalProblem {
        int line = line(p);
        String type = null;
        String id = null;
        Map<String, String> properties = null;
        GeoJsonGeometry geometry = null;
        JsonNode featureCrs = null;
        boolean sawGeometry = false;
        boolean collection = false;
        String problem = null;
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = next(p);
            switch (name) {
                case "type" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                case "id" -> {
                    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        id = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                case "properties" -> properties = value == JsonToken.START_OBJECT ? readProperties(p) : skipped(p);
                case "geometry" -> {
                    sawGeometry = true;
                    try {
                        geometry = GeoJsonGeometry.read(p, value);
                    } catch (BadFeature e) {
                        problem = e.getMessage();
                    }
                }
                case "features" -> {
                    if (!root || value != JsonToken.START_ARRAY) {
                        throw new FatalProblem(index, line(p), "\"features\" must be an array at the top of a FeatureCollection");
                    }
                    collection = true;
                    readFeatures(p);
                }
                case "crs" -> {
                    JsonNode crs = value == JsonToken.START_OBJECT ? MAPPER.readTree(p) : skip(p);
                    if (root && crs != null) {
                        crsMemberSrid = CrsMember.srid(crs);
                        crsMemberAfterFeatures = index > 0;
                    } else {
                        featureCrs = crs;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (collection || "FeatureCollection".equals(type)) {
            return;
        }
        int at = index++;
        if (problem == null && !"Feature".equals(type)) {
            problem = type == null ? "not a GeoJSON Feature (no \"type\": \"Feature\")"
                    : "a GeoJSON " + type + " where a Feature was expected";
        } else if (problem == null && (!sawGeometry || geometry == null)) {
            problem = "the feature has no geometry";
        }
        double[][][] polygons = null;
        Integer crsSrid = null;
        if (problem == null) {
            try {
                crsSrid = CrsMember.ofFeature(featureCrs, geometry.crs());
                polygons = geometry.polygons();
            } catch (BadFeature e) {
                problem = e.getMessage();
            }
        }
        sink.accept(new RawFeature(at, line, id, properties, polygons, crsSrid, problem));
    }

    private void readFeatures(JsonParser p) throws IOException, FatalProblem {
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                readObject(p, false);
            } else {
                int at = index++;
                p.skipChildren();
                sink.accept(new RawFeature(at, line(p), null, null, null, null, "features[" + at + "] is " + describe(t) + ", not a Feature object"));
            }
        }
    }

    static JsonToken next(JsonParser p) throws IOException {
        return p.nextToken();
    }

    private static JsonNode skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static Map<String, String> skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** The scalar members of a properties object as text (numbers as written); nested values are skipped. */
    private static Map<String, String> readProperties(JsonParser p) throws IOException {
        Map<String, String> out = new HashMap<>();
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = next(p);
            if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                out.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    private static int line(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? -1 : l.getLineNr();
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** A feature that cannot be loaded; the reading goes on with the next one. */
    static final class BadFeature extends Exception {
        BadFeature(String message) {
            super(message, null, false, false);
        }
    }

    /** RFC 8142 GeoJSON text sequences start each record with RS (0x1E); JSON sees it as whitespace. */
    private static final class RecordSeparatorFilter extends FilterInputStream {
        RecordSeparatorFilter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b == 0x1E ? ' ' : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                if (b[i] == 0x1E) {
                    b[i] = ' ';
                }
            }
            return n;
        }
    }
}
