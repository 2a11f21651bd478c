package zmd.registry.ogc;

import java.util.List;
import java.util.Map;

/**
 * A plain, readable HTML page of any OGC resource, rendered from the same model as its JSON: staff can click
 * through the API in a browser, and nothing is said in HTML that the JSON does not say.
 */
final class OgcHtml {
    private static final String STYLE = "body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}";

    private OgcHtml() {
    }

    static String page(String title, Object model) {
        StringBuilder b = new StringBuilder(4096);
        head(b, title);
        value(b, model);
        return b.append("</body></html>").toString();
    }

    /** A table of rows (the items page): one column per name, the id linking to the feature. */
    static String table(String title, List<String> columns, List<List<Object>> rows, List<Map<String, Object>> links) {
        StringBuilder b = new StringBuilder(8192);
        head(b, title);
        value(b, Map.of("links", links));
        b.append("<table><tr>");
        for (String c : columns) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr>");
        for (List<Object> row : rows) {
            b.append("<tr>");
            for (Object v : row) {
                b.append("<td>");
                value(b, v);
                b.append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</table></body></html>").toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>").append(STYLE).append("</style></head><body><h1>").append(escape(title)).append("</h1>");
    }

    private static void value(StringBuilder b, Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.get("href") instanceof String href) {
                b.append("<a href=\"").append(escape(href)).append("\">").append(escape(String.valueOf(m.containsKey("title") ? m.get("title") : href)))
                        .append("</a>");
                if (m.get("rel") != null) {
                    b.append(" <small>(").append(escape(String.valueOf(m.get("rel")))).append(")</small>");
                }
                return;
            }
            b.append("<table>");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append("<tr><th>").append(escape(String.valueOf(e.getKey()))).append("</th><td>");
                value(b, e.getValue());
                b.append("</td></tr>");
            }
            b.append("</table>");
        } else if (v instanceof List<?> list) {
            b.append("<ul>");
            for (Object o : list) {
                b.append("<li>");
                value(b, o);
                b.append("</li>");
            }
            b.append("</ul>");
        } else if (v != null) {
            b.append(escape(v instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(v)));
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
