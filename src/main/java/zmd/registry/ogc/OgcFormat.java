package zmd.registry.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.features.Queryable;
import zmd.registry.graphql.ResponseJson;

/** What every OGC resource shares: links, the choice between JSON and HTML, and the parameter check. */
final class OgcFormat {
    static final ObjectMapper JSON = ResponseJson.MAPPER;

    private OgcFormat() {
    }

    /** The API's root as the client addressed it, so links work through whatever name the client used. */
    static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + OgcApi.PREFIX;
    }

    /** HTML when asked by {@code f=html}, or by a browser's Accept header; JSON otherwise. */
    static boolean html(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null) {
            return switch (f) {
                case "html" -> true;
                case "json", "geojson" -> false;
                default -> throw RegistryException.badInput("f", "f is json or html, got " + Texts.quoted(f));
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    /** Part 1 asks that unknown parameters be refused: a misspelt one would otherwise be silently ignored. */
    static void check(Context ctx, Set<String> allowed) {
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw RegistryException.badInput(e.getKey(), "unknown parameter " + Texts.quoted(e.getKey()) + "; this resource takes "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (e.getValue().size() > 1) {
                throw RegistryException.badInput(e.getKey(), "the parameter " + e.getKey() + " appears more than once");
            }
        }
        html(ctx);
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        l.put("title", title);
        return l;
    }

    static List<Map<String, Object>> selfLinks(String base, String path, String title) {
        return List.of(link(base + path + (path.contains("?") ? "&" : "?") + "f=json", "self", "application/json", title),
                link(base + path + (path.contains("?") ? "&" : "?") + "f=html", "alternate", "text/html", title + " as HTML"));
    }

    static void respond(Context ctx, Map<String, Object> model, String title) {
        respondAs(ctx, model, title, "application/json");
    }

    static void respondAs(Context ctx, Map<String, Object> model, String title, String jsonType) {
        if (html(ctx)) {
            ctx.contentType("text/html; charset=utf-8").result(OgcHtml.page(title, model).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ctx.contentType(jsonType);
        writeJson(ctx, model);
    }

    static void writeJson(Context ctx, Object model) {
        try {
            ctx.result(JSON.writeValueAsBytes(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON Schema of a queryable (Part 3). */
    static Map<String, Object> schemaOf(Queryable.Type type, String title) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("title", title);
        switch (type) {
            case STRING -> s.put("type", "string");
            case INTEGER -> s.put("type", "integer");
            case NUMBER -> s.put("type", "number");
            case BOOLEAN -> s.put("type", "boolean");
            case DATE -> {
                s.put("type", "string");
                s.put("format", "date");
            }
            case TIMESTAMP -> {
                s.put("type", "string");
                s.put("format", "date-time");
            }
            case GEOMETRY -> {
                s.put("format", "geometry-multipolygon");
                s.put("$ref", "https://geojson.org/schema/MultiPolygon.json");
            }
        }
        return s;
    }
}
