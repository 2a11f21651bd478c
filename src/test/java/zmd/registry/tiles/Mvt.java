package zmd.registry.tiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small Mapbox Vector Tile 2.1 decoder for tests (protobuf by hand: no dependency may be added): layers in tile
 * order, features with id, properties and vertices in tile coordinates.
 */
final class Mvt {
    record Feature(Long id, Map<String, Object> properties, int type, List<int[]> points) {
        /** minX, minY, maxX, maxY of the vertices, in tile coordinates (y down). */
        int[] bbox() {
            int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
            for (int[] p : points) {
                b[0] = Math.min(b[0], p[0]);
                b[1] = Math.min(b[1], p[1]);
                b[2] = Math.max(b[2], p[0]);
                b[3] = Math.max(b[3], p[1]);
            }
            return b;
        }
    }

    record Layer(String name, int version, int extent, List<Feature> features) {
        List<Object> values(String property) {
            return features.stream().map(f -> f.properties().get(property)).toList();
        }
    }

    private final byte[] b;
    private int pos;
    private final int end;

    private Mvt(byte[] b, int pos, int end) {
        this.b = b;
        this.pos = pos;
        this.end = end;
    }

    /** The tile's layers by name, in the order they appear. */
    static Map<String, Layer> decode(byte[] tile) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        Mvt r = new Mvt(tile, 0, tile.length);
        while (r.more()) {
            long key = r.varint();
            if (key >>> 3 == 3 && (key & 7) == 2) {
                Layer l = r.sub().layer();
                if (layers.put(l.name(), l) != null) {
                    throw new AssertionError("layer " + l.name() + " appears twice");
                }
            } else {
                r.skip((int) (key & 7));
            }
        }
        return layers;
    }

    private boolean more() {
        return pos < end;
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private Mvt sub() {
        int len = (int) varint();
        Mvt m = new Mvt(b, pos, pos + len);
        pos += len;
        return m;
    }

    private String string() {
        int len = (int) varint();
        String s = new String(b, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private void skip(int wire) {
        switch (wire) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> pos += (int) varint();
            case 5 -> pos += 4;
            default -> throw new AssertionError("wire type " + wire);
        }
    }

    private List<Long> packed() {
        Mvt m = sub();
        List<Long> out = new ArrayList<>();
        while (m.more()) {
            out.add(m.varint());
        }
        return out;
    }

    private Layer layer() {
        String name = null;
        int version = 1;
        int extent = 4096;
        List<Mvt> features = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        while (more()) {
            long key = varint();
            switch ((int) (key >>> 3)) {
                case 1 -> name = string();
                case 2 -> features.add(sub());
                case 3 -> keys.add(string());
                case 4 -> values.add(sub().value());
                case 5 -> extent = (int) varint();
                case 15 -> version = (int) varint();
                default -> skip((int) (key & 7));
            }
        }
        List<Feature> out = new ArrayList<>();
        for (Mvt f : features) {
            out.add(f.feature(keys, values));
        }
        return new Layer(name, version, extent, out);
    }

    private Object value() {
        Object v = null;
        while (more()) {
            long key = varint();
            switch ((int) (key >>> 3)) {
                case 1 -> v = string();
                case 2 -> {
                    v = (double) ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                    pos += 4;
                }
                case 3 -> {
                    v = ByteBuffer.wrap(b, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                    pos += 8;
                }
                case 4, 5 -> v = varint();
                case 6 -> {
                    long z = varint();
                    v = (z >>> 1) ^ -(z & 1);
                }
                case 7 -> v = varint() != 0;
                default -> skip((int) (key & 7));
            }
        }
        return v;
    }

    private Feature feature(List<String> keys, List<Object> values) {
        Long id = null;
        int type = 0;
        Map<String, Object> props = new LinkedHashMap<>();
        List<int[]> points = new ArrayList<>();
        while (more()) {
            long key = varint();
            switch ((int) (key >>> 3)) {
                case 1 -> id = varint();
                case 2 -> {
                    List<Long> tags = packed();
                    for (int i = 0; i + 1 < tags.size(); i += 2) {
                        props.put(keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
                    }
                }
                case 3 -> type = (int) varint();
                case 4 -> points = geometry(packed());
                default -> skip((int) (key & 7));
            }
        }
        return new Feature(id, props, type, points);
    }

    /** MoveTo (1) and LineTo (2) carry zigzag deltas; ClosePath (7) none. */
    private static List<int[]> geometry(List<Long> commands) {
        List<int[]> points = new ArrayList<>();
        int x = 0;
        int y = 0;
        for (int i = 0; i < commands.size(); ) {
            long c = commands.get(i++);
            int id = (int) (c & 7);
            int count = (int) (c >>> 3);
            if (id == 7) {
                continue;
            }
            for (int n = 0; n < count; n++) {
                x += zigzag(commands.get(i++));
                y += zigzag(commands.get(i++));
                points.add(new int[] {x, y});
            }
        }
        return points;
    }

    private static int zigzag(long v) {
        return (int) ((v >>> 1) ^ -(v & 1));
    }
}
