package zmd.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/** A readable difference between two answers: the first differing JSON path and the lines around it. */
final class Diff {
    private static final int CONTEXT = 4;

    private Diff() {
    }

    /**
     * An assertion failure naming the first differing path of the two trees (key order counts) and showing the first
     * differing lines of their texts; expected and actual are attached whole, for an IDE's comparison view.
     */
    static AssertionFailedError failure(String message, JsonNode expected, JsonNode actual, String expectedText, String actualText) {
        String path = firstDifference(expected, actual, "");
        StringBuilder m = new StringBuilder(message).append('\n');
        if (path != null) {
            m.append("first difference at ").append(path.isEmpty() ? "/" : path).append('\n');
        }
        m.append(lines(expectedText, actualText));
        return new AssertionFailedError(m.toString(), expectedText, actualText);
    }

    /** The JSON pointer of the first difference with what each side has there, or null when the trees are equal. */
    static String firstDifference(JsonNode e, JsonNode a, String at) {
        if (e == null || a == null) {
            return e == a ? null : at + ": expected " + brief(e) + ", actual " + brief(a);
        }
        if (e.isObject() && a.isObject()) {
            List<String> ek = keys(e);
            List<String> ak = keys(a);
            for (int i = 0; i < Math.max(ek.size(), ak.size()); i++) {
                String k1 = i < ek.size() ? ek.get(i) : null;
                String k2 = i < ak.size() ? ak.get(i) : null;
                if (k1 == null || !k1.equals(k2)) {
                    if (k1 != null && k2 != null && ek.contains(k2) && ak.contains(k1)) {
                        return at + ": keys in another order: expected " + ek + ", actual " + ak;
                    }
                    String missing = k1 != null && !ak.contains(k1) ? k1 : null;
                    String extra = k2 != null && !ek.contains(k2) ? k2 : null;
                    return at + ": " + (missing != null ? "expected key \"" + missing + "\" missing" : "")
                            + (missing != null && extra != null ? "; " : "")
                            + (extra != null ? "unexpected key \"" + extra + "\": " + brief(a.get(extra)) : "");
                }
                String d = firstDifference(e.get(k1), a.get(k1), at + "/" + k1.replace("~", "~0").replace("/", "~1"));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isArray() && a.isArray()) {
            for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                String d = firstDifference(e.get(i), a.get(i), at + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return e.size() == a.size() ? null : at + ": expected " + e.size() + " elements, actual " + a.size();
        }
        // Numbers by their text: 5.3782 and 5.37820 are different answers.
        return e.getNodeType() == a.getNodeType() && e.toString().equals(a.toString()) ? null
                : at + ": expected " + brief(e) + ", actual " + brief(a);
    }

    private static List<String> keys(JsonNode o) {
        List<String> keys = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            keys.add(it.next().getKey());
        }
        return keys;
    }

    private static String brief(JsonNode n) {
        if (n == null) {
            return "(nothing)";
        }
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** The first differing line of the two texts with a few lines of context on each side. */
    static String lines(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int first = 0;
        while (first < e.length && first < a.length && e[first].equals(a[first])) {
            first++;
        }
        int ee = e.length - 1;
        int ae = a.length - 1;
        while (ee > first && ae > first && e[ee].equals(a[ae])) {
            ee--;
            ae--;
        }
        StringBuilder out = new StringBuilder();
        out.append("--- expected (line ").append(first + 1).append(")\n");
        for (int i = Math.max(0, first - CONTEXT); i <= Math.min(e.length - 1, Math.min(ee, first + 20) + CONTEXT); i++) {
            out.append(i >= first && i <= ee ? "- " : "  ").append(e[i]).append('\n');
        }
        out.append("+++ actual (line ").append(first + 1).append(")\n");
        for (int i = Math.max(0, first - CONTEXT); i <= Math.min(a.length - 1, Math.min(ae, first + 20) + CONTEXT); i++) {
            out.append(i >= first && i <= ae ? "+ " : "  ").append(a[i]).append('\n');
        }
        return out.toString();
    }
}
