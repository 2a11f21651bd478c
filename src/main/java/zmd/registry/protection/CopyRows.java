package zmd.registry.protection;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows for PostgreSQL {@code COPY … FROM STDIN} in text format, written into a buffer that is sent in
 * large chunks while the next features are still being read. Geometry goes as hex (E)WKB, written straight
 * from the coordinates without building geometry objects.
 */
final class CopyRows {
    private static final int FLUSH_AT = 1 << 20;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int WKB_POLYGON = 3;
    private static final int WKB_MULTIPOLYGON = 6;
    private static final int EWKB_SRID_FLAG = 0x20000000;

    private final CopyIn copy;
    private byte[] buf = new byte[FLUSH_AT + (FLUSH_AT >> 2)];
    private int len;
    private boolean rowStarted;

    CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    void integer(long v) {
        separator();
        text(Long.toString(v));
    }

    /** A text value, escaped for COPY's text format; null is \N. */
    void value(String v) {
        separator();
        if (v == null) {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = 'N';
            return;
        }
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length * 2);
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> {
                    buf[len++] = '\\';
                    buf[len++] = '\\';
                }
                case '\t' -> {
                    buf[len++] = '\\';
                    buf[len++] = 't';
                }
                case '\n' -> {
                    buf[len++] = '\\';
                    buf[len++] = 'n';
                }
                case '\r' -> {
                    buf[len++] = '\\';
                    buf[len++] = 'r';
                }
                default -> buf[len++] = b;
            }
        }
    }

    /** A MultiPolygon as hex little-endian (E)WKB: polygons → rings → x, y pairs; with an SRID when {@code srid} > 0. */
    void multiPolygon(double[][][] polygons, int srid) {
        separator();
        int doubles = 0;
        int rings = 0;
        for (double[][] polygon : polygons) {
            rings += polygon.length;
            for (double[] ring : polygon) {
                doubles += ring.length;
            }
        }
        ensure(2 * (13 + polygons.length * 9 + rings * 4 + doubles * 8));
        byteHex(1);
        if (srid > 0) {
            intHex(WKB_MULTIPOLYGON | EWKB_SRID_FLAG);
            intHex(srid);
        } else {
            intHex(WKB_MULTIPOLYGON);
        }
        intHex(polygons.length);
        for (double[][] polygon : polygons) {
            byteHex(1);
            intHex(WKB_POLYGON);
            intHex(polygon.length);
            for (double[] ring : polygon) {
                intHex(ring.length / 2);
                for (double d : ring) {
                    longHex(Double.doubleToRawLongBits(d));
                }
            }
        }
    }

    void endRow() throws SQLException {
        ensure(1);
        buf[len++] = '\n';
        rowStarted = false;
        if (len >= FLUSH_AT) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (len > 0) {
            copy.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    private void separator() {
        if (rowStarted) {
            ensure(1);
            buf[len++] = '\t';
        }
        rowStarted = true;
    }

    private void text(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
    }

    private void byteHex(int b) {
        buf[len++] = HEX[(b >> 4) & 0xF];
        buf[len++] = HEX[b & 0xF];
    }

    private void intHex(int v) {
        for (int i = 0; i < 4; i++) {
            byteHex(v >>> (8 * i));
        }
    }

    private void longHex(long v) {
        for (int i = 0; i < 8; i++) {
            byteHex((int) (v >>> (8 * i)));
        }
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + extra)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }
}
