package zmd.registry.graphql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text built as UTF-8 bytes by a writer that knows its structure in advance (a compiled selection writes its
 * own braces, commas and encoded keys), so nothing tracks nesting per value: Jackson's generator did, and its
 * bookkeeping was a tenth of a feed page. Strings, numbers and literals come out byte for byte as the response
 * mapper writes them: the direct and the ordinary path must answer alike.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.ISO_8859_1);
    /** Jackson's plain-decimal limit: beyond it, it refuses to write (and so must we). */
    private static final int MAX_PLAIN_SCALE = 9999;

    private byte[] buf;
    private int length;

    JsonBytes(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    private void room(int n) {
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
        }
    }

    void raw(byte b) {
        room(1);
        buf[length++] = b;
    }

    void raw(byte[] bytes) {
        raw(bytes, 0, bytes.length);
    }

    void raw(byte[] bytes, int offset, int n) {
        room(n);
        System.arraycopy(bytes, offset, buf, length, n);
        length += n;
    }

    /** ASCII text that needs no escaping (formatted dates, ids), in quotes. */
    void quotedAscii(byte[] ascii, int n) {
        room(n + 2);
        buf[length++] = '"';
        System.arraycopy(ascii, 0, buf, length, n);
        length += n;
        buf[length++] = '"';
    }

    void nullValue() {
        raw(NULL);
    }

    void bool(boolean b) {
        raw(b ? TRUE : FALSE);
    }

    void number(int i) {
        ascii(Integer.toString(i));
    }

    void number(long l) {
        ascii(Long.toString(l));
    }

    /**
     * A finite double as the mapper writes it (Double.toString); false, writing nothing, for NaN and the infinities,
     * which the mapper writes as quoted text.
     */
    boolean number(double d) {
        if (!Double.isFinite(d)) {
            return false;
        }
        ascii(Double.toString(d));
        return true;
    }

    /**
     * A decimal written plain (no exponent), as the mapper writes it; false, writing nothing, for a scale Jackson
     * refuses to write plain.
     */
    boolean number(BigDecimal d) {
        if (d.scale() < -MAX_PLAIN_SCALE || d.scale() > MAX_PLAIN_SCALE) {
            return false;
        }
        ascii(d.toPlainString());
        return true;
    }

    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
    }

    /**
     * A string in quotes, escaped as Jackson escapes by default: quote, backslash and the control characters (the
     * common ones by letter, the rest in hexadecimal), and also each half of a surrogate pair in hexadecimal, as
     * Jackson does unless told to combine them; everything else as UTF-8.
     */
    void string(String s) {
        int n = s.length();
        // Room for the longest form at once (a six-byte escape per character), not per character.
        room(6 * n + 2);
        byte[] b = buf;
        int at = length;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                } else {
                    at = escape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                at = hex(b, at, c);
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[at++] = '"';
        length = at;
    }

    private static int escape(byte[] b, int at, char c) {
        byte letter = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (letter == 0) {
            return hex(b, at, c);
        }
        b[at] = '\\';
        b[at + 1] = letter;
        return at + 2;
    }

    private static int hex(byte[] b, int at, char c) {
        b[at] = '\\';
        b[at + 1] = 'u';
        b[at + 2] = HEX[c >> 12 & 0xF];
        b[at + 3] = HEX[c >> 8 & 0xF];
        b[at + 4] = HEX[c >> 4 & 0xF];
        b[at + 5] = HEX[c & 0xF];
        return at + 6;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }
}
