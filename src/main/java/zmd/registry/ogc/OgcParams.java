package zmd.registry.ogc;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureCrs;
import zmd.registry.features.FeatureProperty;
import zmd.registry.features.FeatureQuery;
import zmd.registry.features.Queryable;
import zmd.registry.features.cql.Cql2Json;
import zmd.registry.features.cql.Cql2Text;
import zmd.registry.features.cql.CqlExpr;
import zmd.registry.features.cql.CqlToSql;

/**
 * The query parameters of the items resource, checked into a {@link FeatureQuery}. Every refusal names the
 * parameter and what was wrong; a parameter the API does not know is refused, as Part 1 asks, so a typo never
 * silently returns everything.
 */
final class OgcParams {
    static final Set<String> ITEMS = Set.of("f", "limit", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs",
            "sortby", "properties", "cursor");
    static final int MAX_FILTER_CHARS = 64 * 1024;

    private OgcParams() {
    }

    static FeatureQuery items(Context ctx, FeatureCollection c) {
        Map<String, List<String>> params = ctx.queryParamMap();
        List<Condition> byProperty = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().size() > 1) {
                throw RegistryException.badInput(e.getKey(), "the parameter " + e.getKey() + " appears more than once");
            }
            if (!ITEMS.contains(e.getKey())) {
                byProperty.add(propertyEquals(c, e.getKey(), e.getValue().get(0)));
            }
        }
        FeatureCrs crs = crs(ctx, "crs");
        Condition filter = filter(ctx, c);
        for (Condition p : byProperty) {
            filter = filter == null ? p : filter.and(p);
        }
        return new FeatureQuery(bbox(ctx.queryParam("bbox")), crs(ctx, "bbox-crs"), datetime(ctx.queryParam("datetime")), filter,
                sortBy(ctx.queryParam("sortby")), properties(ctx.queryParam("properties")), crs, limit(ctx.queryParam("limit")),
                blankToNull(ctx.queryParam("cursor")));
    }

    static FeatureCrs crs(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? FeatureCrs.CRS84 : FeatureCrs.parse(v, name);
    }

    /** Part 1: a limit above the maximum is not an error; the maximum applies. */
    static int limit(String v) {
        if (v == null || v.isBlank()) {
            return FeatureQuery.DEFAULT_LIMIT;
        }
        if (v.strip().matches("[0-9]{6,}")) {
            return FeatureQuery.MAX_LIMIT;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 1) {
                throw RegistryException.badInput("limit", "limit must be at least 1, got " + n);
            }
            return (int) Math.min(n, FeatureQuery.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw RegistryException.badInput("limit", "limit must be a whole number from 1 to " + FeatureQuery.MAX_LIMIT + ", got " + Texts.quoted(v));
        }
    }

    static double[] bbox(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String[] parts = v.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw RegistryException.badInput("bbox", "bbox takes 4 numbers (or 6 with heights) separated by commas, got " + parts.length);
        }
        double[] n = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw RegistryException.badInput("bbox", "bbox: " + Texts.quoted(parts[i]) + " is not a number");
            }
            if (!Double.isFinite(n[i])) {
                throw RegistryException.badInput("bbox", "bbox numbers must be finite");
            }
        }
        // With heights the corners are (x1, y1, z1, x2, y2, z2); heights are not filtered on.
        double[] box = parts.length == 4 ? n : new double[] {n[0], n[1], n[3], n[4]};
        if (box[0] > box[2] || box[1] > box[3]) {
            throw RegistryException.badInput("bbox", "bbox is lower corner then upper corner: its first numbers must not exceed the last ones");
        }
        return box;
    }

    /** An instant or an interval {@code start/end} with {@code ..} or nothing for an open end (RFC 3339 times, or dates). */
    static FeatureQuery.TimeFilter datetime(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String[] parts = v.split("/", -1);
        if (parts.length > 2) {
            throw RegistryException.badInput("datetime", "datetime is an instant or one interval start/end, got " + Texts.quoted(v));
        }
        if (parts.length == 1) {
            OffsetDateTime t = instant(parts[0], false);
            if (t == null) {
                throw RegistryException.badInput("datetime", "datetime: an instant cannot be open (..)");
            }
            return new FeatureQuery.TimeFilter(t, parts[0].strip().length() == 10 ? instant(parts[0], true) : t);
        }
        OffsetDateTime start = instant(parts[0], false);
        OffsetDateTime end = instant(parts[1], true);
        if (start == null && end == null) {
            throw RegistryException.badInput("datetime", "datetime: an interval needs at least one end");
        }
        if (start != null && end != null && start.isAfter(end)) {
            throw RegistryException.badInput("datetime", "datetime: the interval starts after it ends");
        }
        return new FeatureQuery.TimeFilter(start, end);
    }

    /** A date stands for its whole day in China Standard Time: its first instant as a start, its last as an end. */
    private static OffsetDateTime instant(String text, boolean end) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("..")) {
            return null;
        }
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return (end ? d.plusDays(1).atStartOfDay().minusNanos(1) : d.atStartOfDay()).atZone(java.time.ZoneId.of("Asia/Shanghai")).toOffsetDateTime();
            }
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw RegistryException.badInput("datetime", "datetime: " + Texts.quoted(t)
                    + " is not an RFC 3339 date-time with an offset (2020-05-01T00:00:00Z), a date (2020-05-01) or ..");
        }
    }

    static List<FeatureQuery.SortKey> sortBy(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<FeatureQuery.SortKey> keys = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            String p = part.strip();
            boolean descending = p.startsWith("-");
            if (p.startsWith("-") || p.startsWith("+")) {
                p = p.substring(1);
            }
            if (p.isEmpty()) {
                throw RegistryException.badInput("sortby", "sortby is a list of property names, each optionally prefixed by + or -");
            }
            keys.add(new FeatureQuery.SortKey(p, descending));
        }
        return keys;
    }

    static List<String> properties(String v) {
        if (v == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            if (!p.isBlank()) {
                names.add(p.strip());
            }
        }
        return names;
    }

    private static Condition filter(Context ctx, FeatureCollection c) {
        String text = ctx.queryParam("filter");
        String lang = blankToNull(ctx.queryParam("filter-lang"));
        if (text == null || text.isBlank()) {
            if (lang != null || ctx.queryParam("filter-crs") != null) {
                throw RegistryException.badInput("filter", "filter-lang and filter-crs need a filter");
            }
            return null;
        }
        if (text.length() > MAX_FILTER_CHARS) {
            throw RegistryException.badInput("filter", "filter is longer than " + MAX_FILTER_CHARS + " characters");
        }
        CqlExpr expr = switch (lang == null ? "cql2-text" : lang) {
            case "cql2-text" -> Cql2Text.parse(text);
            case "cql2-json" -> Cql2Json.parse(text);
            default -> throw RegistryException.badInput("filter-lang", "filter-lang is cql2-text or cql2-json, got " + Texts.quoted(lang));
        };
        FeatureCrs filterCrs = crs(ctx, "filter-crs");
        return new CqlToSql(c.queryables()).condition(expr, filterCrs.srid(), filterCrs.swapped());
    }

    /** Part 3 queryables as parameters: {@code ?status=LISTED} is {@code status = 'LISTED'}. */
    @SuppressWarnings("unchecked")
    private static Condition propertyEquals(FeatureCollection c, String name, String value) {
        FeatureProperty p = c.property(name).filter(FeatureProperty::queryable).orElseThrow(() -> RegistryException.badInput(name,
                "unknown parameter " + Texts.quoted(name) + ": the items take " + String.join(", ", ITEMS.stream().sorted().toList())
                        + ", or a queryable of " + c.id() + " (" + String.join(", ", c.queryables().stream()
                        .filter(q -> q.type() != Queryable.Type.GEOMETRY).map(Queryable::name).toList()) + ")"));
        Field<Object> f = (Field<Object>) p.field();
        Object typed;
        try {
            typed = f.getDataType().convert(value);
        } catch (RuntimeException e) {
            typed = null;
        }
        if (typed == null) {
            throw RegistryException.badInput(name, name + " is " + p.type().name().toLowerCase(java.util.Locale.ROOT) + ", got " + Texts.quoted(value));
        }
        return f.eq(DSL.val(typed, f.getDataType()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
