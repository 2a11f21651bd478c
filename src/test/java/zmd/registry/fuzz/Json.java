package zmd.registry.fuzz;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A JSON writer that sends what a hostile client sends: every non-ASCII char as a \\u escape, so lone
 * surrogates and NUL reach the server as written (Jackson's writer refuses a lone surrogate), and
 * {@link Raw} numbers such as {@code 1e1000000000} as literal JSON numbers.
 */
final class Json {
    /** A JSON text written as is: a number literal no Java type holds, or a deliberately broken fragment. */
    record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private Json() {
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(s, b);
            case Raw r -> b.append(r.text());
            case BigDecimal d -> b.append(d.toString());
            case Number n -> b.append(n);
            case Boolean x -> b.append(x);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(l.get(i), b);
                }
                b.append(']');
            }
            default -> throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }

    static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    /** For failure reports: the value shortened to {@code max} chars with its full length. */
    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
