package zmd.registry.ogc;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.AccessLog;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;
import zmd.registry.features.FeatureCatalog;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureCrs;
import zmd.registry.features.FeatureProperty;
import zmd.registry.features.FeatureQuery;
import zmd.registry.features.FeatureReader;

/**
 * The items resources: a page of features as a GeoJSON FeatureCollection (or an HTML table), and one feature.
 * Geometries are copied from PostGIS's GeoJSON bytes; the page is written as it goes, never built as a tree.
 */
final class OgcItems {
    private static final Logger LOG = LoggerFactory.getLogger(OgcItems.class);
    static final String GEOJSON = "application/geo+json";

    private final FeatureCatalog catalog;
    private final AccessLog accessLog;

    OgcItems(FeatureCatalog catalog, AccessLog accessLog) {
        this.catalog = catalog;
        this.accessLog = accessLog;
    }

    void page(Context ctx, Caller caller) {
        FeatureCollection c = catalog.get(caller, ctx.pathParam("collectionId"));
        FeatureQuery q = OgcParams.items(ctx, c);
        boolean html = OgcFormat.html(ctx);
        // An HTML page is a table of properties: the geometry read with them does not leave the server.
        FeatureReader.Page page = catalog.reader().page(c, html ? caller.unrecorded() : caller, q);
        // Before a byte is written: a page that cannot be recorded is not served.
        accessLog.record(caller, AccessProtocol.OGC_FEATURES);
        String base = OgcFormat.base(ctx) + "/collections/" + c.id() + "/items";
        List<Map<String, Object>> links = new ArrayList<>();
        String type = html ? "text/html" : GEOJSON;
        links.add(OgcFormat.link(base + query(ctx, q.cursor()), "self", type, "this page"));
        if (page.next() != null) {
            links.add(OgcFormat.link(base + query(ctx, page.next()), "next", type, "the next page"));
        }
        if (page.prev() != null) {
            links.add(OgcFormat.link(base + query(ctx, page.prev()), "prev", type, "the page before"));
        }
        links.add(OgcFormat.link(OgcFormat.base(ctx) + "/collections/" + c.id(), "collection", "application/json", c.title()));
        ctx.header("Content-Crs", "<" + q.crs().uri() + ">");
        if (html) {
            htmlPage(ctx, c, page, links);
            return;
        }
        ctx.contentType(GEOJSON);
        write(ctx, out -> {
            try (JsonGenerator g = generator(out)) {
                g.writeStartObject();
                g.writeStringField("type", "FeatureCollection");
                g.writeArrayFieldStart("features");
                for (FeatureReader.Row r : page.rows()) {
                    feature(g, out, r, page.properties(), null);
                }
                g.writeEndArray();
                if (page.numberMatched() != null) {
                    g.writeNumberField("numberMatched", page.numberMatched());
                }
                g.writeNumberField("numberReturned", page.rows().size());
                g.writeStringField("timeStamp", OffsetDateTime.now(java.time.ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
                g.writeFieldName("links");
                OgcFormat.JSON.writeValue(g, links);
                g.writeEndObject();
            }
        });
    }

    void one(Context ctx, Caller caller) {
        OgcFormat.check(ctx, java.util.Set.of("f", "crs", "properties"));
        FeatureCollection c = catalog.get(caller, ctx.pathParam("collectionId"));
        FeatureCrs crs = OgcParams.crs(ctx, "crs");
        String id = ctx.pathParam("featureId");
        List<FeatureProperty> properties = FeatureReader.properties(c, OgcParams.properties(ctx.queryParam("properties")));
        boolean html = OgcFormat.html(ctx);
        FeatureReader.Row r = catalog.reader().one(c, html ? caller.unrecorded() : caller, id, crs, properties)
                .orElseThrow(() -> RegistryException.notFound("feature " + zmd.registry.core.Texts.quoted(id) + " of " + c.id()));
        accessLog.record(caller, AccessProtocol.OGC_FEATURES);
        String self = OgcFormat.base(ctx) + "/collections/" + c.id() + "/items/" + id;
        List<Map<String, Object>> links = List.of(
                OgcFormat.link(self + "?f=json", "self", GEOJSON, "this feature"),
                OgcFormat.link(self + "?f=html", "alternate", "text/html", "this feature as HTML"),
                OgcFormat.link(OgcFormat.base(ctx) + "/collections/" + c.id(), "collection", "application/json", c.title()));
        ctx.header("Content-Crs", "<" + crs.uri() + ">");
        if (html) {
            Map<String, Object> model = new java.util.LinkedHashMap<>();
            model.put("id", r.id());
            for (int i = 0; i < properties.size(); i++) {
                model.put(properties.get(i).name(), shown(r.values()[i]));
            }
            model.put("links", links);
            ctx.contentType("text/html; charset=utf-8").result(OgcHtml.page(c.title() + " " + r.id(), model));
            return;
        }
        ctx.contentType(GEOJSON);
        write(ctx, out -> {
            try (JsonGenerator g = generator(out)) {
                feature(g, out, r, properties, links);
            }
        });
    }

    private static void feature(JsonGenerator g, OutputStream out, FeatureReader.Row r, List<FeatureProperty> properties,
            List<Map<String, Object>> links) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        if (r.id() instanceof Long n) {
            g.writeNumberField("id", n);
        } else {
            g.writeStringField("id", r.id().toString());
        }
        g.writeFieldName("geometry");
        // PostGIS's bytes go out as they are: the empty raw value writes the separator, then the generator's buffer
        // is handed on (not flushed to the network: see write) and the bytes follow it.
        g.writeRawValue("");
        g.flush();
        out.write(r.geometry());
        g.writeObjectFieldStart("properties");
        for (int i = 0; i < properties.size(); i++) {
            g.writeFieldName(properties.get(i).name());
            value(g, r.values()[i]);
        }
        g.writeEndObject();
        if (links != null) {
            g.writeFieldName("links");
            OgcFormat.JSON.writeValue(g, links);
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case BigDecimal d -> g.writeNumber(d.toPlainString());
            case Double d -> g.writeNumber(d);
            case Integer n -> g.writeNumber(n);
            case Long n -> g.writeNumber(n);
            case Boolean b -> g.writeBoolean(b);
            case OffsetDateTime t -> g.writeString(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            case Object[] list -> {
                g.writeStartArray();
                for (Object o : list) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }

    private static Object shown(Object v) {
        return v instanceof Object[] list ? String.join("、", java.util.Arrays.stream(list).map(String::valueOf).toList()) : v;
    }

    private static void htmlPage(Context ctx, FeatureCollection c, FeatureReader.Page page, List<Map<String, Object>> links) {
        List<String> columns = new ArrayList<>(List.of("id"));
        page.properties().forEach(p -> columns.add(p.name()));
        List<List<Object>> rows = new ArrayList<>();
        String items = OgcFormat.base(ctx) + "/collections/" + c.id() + "/items/";
        for (FeatureReader.Row r : page.rows()) {
            List<Object> row = new ArrayList<>();
            row.add(Map.of("href", items + r.id() + "?f=html", "title", String.valueOf(r.id())));
            for (Object v : r.values()) {
                row.add(shown(v));
            }
            rows.add(row);
        }
        String title = c.title() + (page.numberMatched() == null ? "" : " (" + page.numberMatched() + ")");
        ctx.contentType("text/html; charset=utf-8").result(OgcHtml.table(title, columns, rows, links));
    }

    /** This request's parameters with another cursor: a next link repeats every filter of the page it follows. */
    private static String query(Context ctx, String cursor) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (e.getKey().equals("cursor")) {
                continue;
            }
            b.append(b.isEmpty() ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(e.getValue().get(0)));
        }
        if (cursor != null) {
            b.append(b.isEmpty() ? '?' : '&').append("cursor=").append(encode(cursor));
        }
        return b.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        return OgcFormat.JSON.getFactory().createGenerator(out).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** Written through a buffer of its own, so that a feature's flush is a copy in memory, never a network write. */
    private static void write(Context ctx, Body body) {
        try (OutputStream out = new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
            body.writeTo(out);
        } catch (IOException e) {
            // The client went away: nobody is left to answer.
            LOG.debug("items not delivered: {}", e.toString());
        }
    }
}
