package zmd.registry.tiles;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names of the layers a Mapbox Vector Tile holds, read from its protobuf (Tile.layers = 3, Layer.name = 1).
 * ST_AsMVT writes nothing for a layer without features, so these are the layers whose features a tile shows.
 */
final class MvtLayers {
    private static final int LENGTH_DELIMITED = 2;

    private MvtLayers() {
    }

    static Set<String> names(byte[] tile) {
        Set<String> out = new LinkedHashSet<>();
        Reader r = new Reader(tile, 0, tile.length);
        while (r.more()) {
            long key = r.varint();
            if (key == (3 << 3 | LENGTH_DELIMITED)) {
                int length = (int) r.varint();
                String name = name(new Reader(tile, r.at, r.at + length));
                if (name != null) {
                    out.add(name);
                }
                r.at += length;
            } else {
                r.skip((int) (key & 7));
            }
        }
        return out;
    }

    private static String name(Reader layer) {
        while (layer.more()) {
            long key = layer.varint();
            if (key == (1 << 3 | LENGTH_DELIMITED)) {
                int length = (int) layer.varint();
                return new String(layer.bytes, layer.at, length, StandardCharsets.UTF_8);
            }
            layer.skip((int) (key & 7));
        }
        return null;
    }

    private static final class Reader {
        final byte[] bytes;
        int at;
        final int end;

        Reader(byte[] bytes, int at, int end) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= end || shift > 63) {
                    throw new IllegalStateException("a truncated varint in a tile");
                }
                byte b = bytes[at++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> at += 8;
                case LENGTH_DELIMITED -> at += (int) varint();
                case 5 -> at += 4;
                default -> throw new IllegalStateException("wire type " + wireType + " in a tile");
            }
        }
    }
}
