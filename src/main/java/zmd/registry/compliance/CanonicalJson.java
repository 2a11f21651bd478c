package zmd.registry.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of a report: the bytes that are hashed and signed. Objects have their keys sorted (by UTF-16 code
 * units, as RFC 8785), no whitespace, strings as UTF-8 with only {@code "}, {@code \} and control characters escaped
 * ({@code \b \f \n \r \t}, else a six-character hex escape). The only numbers are integers; every measured quantity is a decimal
 * string of a fixed scale ({@link #decimal}), so that any JSON parser reads a body back to the same value and writing
 * it again gives the same bytes (the verifier relies on this for report files).
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Maps, lists, strings, integral numbers, booleans and null. */
    public static byte[] bytes(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A parsed body written canonically; refuses what a canonical body cannot hold (a fraction, an exponent). */
    public static byte[] bytes(JsonNode tree) {
        return bytes(plain(tree));
    }

    /** {@code value} rounded half-up to {@code scale} decimals, as a string: 1234.5 at scale 2 is "1234.50". */
    public static String decimal(double value, int scale) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
        // -0.00 and 0.00 are one value.
        return (d.signum() == 0 ? d.abs() : d).toPlainString();
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        throw new IllegalArgumentException("a canonical body holds no " + n.getNodeType() + " value such as " + n
                + " (quantities are decimal strings)");
    }

    private static void write(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case java.math.BigInteger i -> out.append(i);
            case Map<?, ?> m -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                m.forEach((k, val) -> sorted.put((String) k, val));
                out.append('{');
                Iterator<Map.Entry<String, Object>> it = sorted.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, Object> e = it.next();
                    string(out, e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case Collection<?> c -> {
                out.append('[');
                Iterator<?> it = c.iterator();
                while (it.hasNext()) {
                    write(out, it.next());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("a canonical body holds no " + v.getClass().getSimpleName()
                    + " (quantities are decimal strings): " + v);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
