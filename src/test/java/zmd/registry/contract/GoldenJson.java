package zmd.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The text of an expectation: JSON indented by two spaces, keys in the order the server wrote them, and an array of
 * plain values (a coordinate pair, a bbox, a short list of names) on one line, so that a polygon is one line a vertex.
 */
final class GoldenJson {
    private static final int INLINE = 100;

    private GoldenJson() {
    }

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, StringBuilder out, String indent) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                out.append(indent).append("  ").append(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey())).append(": ");
                write(e.getValue(), out, indent + "  ");
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            String inline = inline(node);
            if (inline != null) {
                out.append(inline);
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(indent).append("  ");
                write(node.get(i), out, indent + "  ");
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            out.append(node.toString());
        }
    }

    /** An array of plain values on one line, if short enough. */
    private static String inline(JsonNode array) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            if (e.isContainerNode()) {
                return null;
            }
            s.append(i == 0 ? "" : ", ").append(e.toString());
            if (s.length() > INLINE) {
                return null;
            }
        }
        return s.append(']').toString();
    }
}
