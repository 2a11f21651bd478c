package zmd.registry.features.cql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import zmd.registry.core.Texts;
import zmd.registry.features.cql.CqlExpr.Predicate;
import zmd.registry.features.cql.CqlExpr.Scalar;

/**
 * CQL2 JSON (filter-lang=cql2-json): {@code {"op": ..., "args": [...]}} objects, {@code {"property": ...}},
 * {@code {"date": ...}}, {@code {"timestamp": ...}}, {@code {"bbox": [...]}} and GeoJSON geometries. Errors name
 * the place as a JSON Pointer ({@code /args/1}). Operator names are matched in any case, as the text's keywords are.
 */
public final class Cql2Json {
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "^", "%", "div");
    /** Two JSON levels (the object and its args) per filter level, and room for GeoJSON's coordinate arrays. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2 * CqlLimits.MAX_DEPTH + 16).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final CqlLimits limits = new CqlLimits();

    private Cql2Json() {
    }

    public static CqlExpr parse(String json) {
        CqlLimits.checkSize(json);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (StreamConstraintsException e) {
            // Jackson's own limits: nesting, and the length of one number or string.
            throw CqlLimits.refuse(String.valueOf(e.getOriginalMessage()).contains("nesting")
                    ? "the filter nests deeper than " + CqlLimits.MAX_DEPTH + " levels"
                    : "the filter has a number or string longer than this server reads");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("[:\\n]", 2)[0];
            throw CqlLimits.refuse("the filter is not valid JSON" + where + ": " + Texts.shortened(reason));
        }
        if (root == null || root.isMissingNode()) {
            throw CqlLimits.refuse("the filter is empty");
        }
        return new Cql2Json().predicate(root, "", 0);
    }

    private Predicate predicate(JsonNode node, String path, int depth) {
        if (node.isBoolean()) {
            return new CqlExpr.BooleanLiteral(node.booleanValue());
        }
        if (!node.isObject() || !node.has("op")) {
            throw refuse(path, "expected a condition ({\"op\": ..., \"args\": [...]}, true or false) but found " + describe(node));
        }
        CqlLimits.checkDepth(depth, where(path));
        String op = op(node, path);
        List<JsonNode> args = args(node, path);
        CqlExpr.ComparisonOp comparison = CqlExpr.ComparisonOp.of(op);
        if (comparison != null) {
            arity(args, 2, op, path);
            return new CqlExpr.Comparison(comparison, scalar(args.get(0), path + "/args/0", depth), scalar(args.get(1), path + "/args/1", depth));
        }
        CqlExpr.SpatialOp spatial = CqlExpr.SpatialOp.of(op);
        if (spatial != null) {
            arity(args, 2, op, path);
            return new CqlExpr.SpatialPredicate(spatial, scalar(args.get(0), path + "/args/0", depth), scalar(args.get(1), path + "/args/1", depth));
        }
        switch (op.toLowerCase(Locale.ROOT)) {
            case "and", "or" -> {
                if (args.size() < 2) {
                    throw refuse(path, "'" + op + "' needs at least two conditions in args, got " + args.size());
                }
                List<Predicate> parts = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    parts.add(predicate(args.get(i), path + "/args/" + i, depth + 1));
                }
                return op.equalsIgnoreCase("and") ? new CqlExpr.And(parts) : new CqlExpr.Or(parts);
            }
            case "not" -> {
                arity(args, 1, op, path);
                return new CqlExpr.Not(predicate(args.getFirst(), path + "/args/0", depth + 1));
            }
            case "like" -> {
                arity(args, 2, op, path);
                return new CqlExpr.Like(scalar(args.get(0), path + "/args/0", depth), pattern(args.get(1), path + "/args/1", depth + 1));
            }
            case "between" -> {
                arity(args, 3, op, path);
                return new CqlExpr.Between(scalar(args.get(0), path + "/args/0", depth),
                        scalar(args.get(1), path + "/args/1", depth), scalar(args.get(2), path + "/args/2", depth));
            }
            case "in" -> {
                arity(args, 2, op, path);
                JsonNode list = args.get(1);
                if (!list.isArray() || list.isEmpty()) {
                    throw refuse(path + "/args/1", "expected the non-empty array of values 'in' looks in but found " + describe(list));
                }
                List<Scalar> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    values.add(scalar(list.get(i), path + "/args/1/" + i, depth));
                }
                return new CqlExpr.In(scalar(args.get(0), path + "/args/0", depth), values);
            }
            case "isnull" -> {
                arity(args, 1, op, path);
                return new CqlExpr.IsNull(scalar(args.getFirst(), path + "/args/0", depth));
            }
            case "casei", "accenti" -> throw refuse(path, "'" + op + "' is a value, not a condition: compare it");
            default -> throw unsupported(op, path);
        }
    }

    private Scalar scalar(JsonNode node, String path, int depth) {
        if (node.isTextual()) {
            return new CqlExpr.StringLiteral(node.textValue());
        }
        if (node.isNumber()) {
            return new CqlExpr.NumberLiteral(CqlLimits.checkNumber(node.decimalValue(), where(path), node.asText()));
        }
        if (node.isBoolean()) {
            return new CqlExpr.BooleanLiteral(node.booleanValue());
        }
        if (node.isObject()) {
            if (node.has("property")) {
                return new CqlExpr.PropertyRef(onlyText(node, "property", path));
            }
            if (node.has("date")) {
                return Cql2Text.date(onlyText(node, "date", path), where(path));
            }
            if (node.has("timestamp")) {
                return Cql2Text.timestamp(onlyText(node, "timestamp", path), where(path));
            }
            if (node.has("interval")) {
                throw unsupported("interval", path);
            }
            if (node.has("bbox")) {
                return bbox(node, path);
            }
            if (node.has("type")) {
                return CqlGeometries.checked(CqlGeoJson.read(node, path), where(path), "the GeoJSON geometry", limits);
            }
            if (node.has("op")) {
                String op = op(node, path);
                if (op.equalsIgnoreCase("casei")) {
                    CqlLimits.checkDepth(depth + 1, where(path));
                    List<JsonNode> args = args(node, path);
                    arity(args, 1, op, path);
                    return new CqlExpr.CaseI(scalar(args.getFirst(), path + "/args/0", depth + 1));
                }
                if (CqlExpr.ComparisonOp.of(op) != null || CqlExpr.SpatialOp.of(op) != null
                        || Set.of("and", "or", "not", "like", "between", "in", "isnull").contains(op.toLowerCase(Locale.ROOT))) {
                    throw refuse(path, "'" + op + "' is a condition, not a value: it cannot be compared");
                }
                throw unsupported(op, path);
            }
        }
        if (node.isArray()) {
            throw refuse(path, "expected a value but found an array; a list of values is only the second argument of 'in'");
        }
        if (node.isNull()) {
            throw refuse(path, "null is not a CQL2 value; test for it with {\"op\": \"isNull\", \"args\": [...]}");
        }
        throw refuse(path, "expected a value (a string, number, boolean, {\"property\": ...}, {\"date\": ...}, "
                + "{\"timestamp\": ...}, {\"bbox\": [...]} or a GeoJSON geometry) but found " + describe(node));
    }

    /** A LIKE pattern: a string, or casei of a pattern. */
    private Scalar pattern(JsonNode node, String path, int depth) {
        if (node.isTextual()) {
            return new CqlExpr.StringLiteral(node.textValue());
        }
        if (node.isObject() && node.has("op") && op(node, path).equalsIgnoreCase("casei")) {
            CqlLimits.checkDepth(depth, where(path));
            List<JsonNode> args = args(node, path);
            arity(args, 1, "casei", path);
            return new CqlExpr.CaseI(pattern(args.getFirst(), path + "/args/0", depth + 1));
        }
        if (node.isObject() && node.has("op") && op(node, path).equalsIgnoreCase("accenti")) {
            throw unsupported("accenti", path);
        }
        throw refuse(path, "expected the LIKE pattern, a string such as \"abc%\", but found " + describe(node));
    }

    private CqlExpr.BboxLiteral bbox(JsonNode node, String path) {
        members(node, path, "bbox");
        JsonNode box = node.get("bbox");
        if (!box.isArray()) {
            throw refuse(path + "/bbox", "expected an array of 4 or 6 numbers but found " + describe(box));
        }
        double[] n = new double[box.size()];
        for (int i = 0; i < n.length; i++) {
            if (!box.get(i).isNumber()) {
                throw refuse(path + "/bbox/" + i, "expected a number but found " + describe(box.get(i)));
            }
            n[i] = box.get(i).doubleValue();
        }
        return CqlGeometries.bbox(n, where(path), limits);
    }

    private static String op(JsonNode node, String path) {
        members(node, path, "op", "args");
        if (!node.get("op").isTextual()) {
            throw refuse(path + "/op", "expected the operator's name but found " + describe(node.get("op")));
        }
        return node.get("op").textValue();
    }

    private static List<JsonNode> args(JsonNode node, String path) {
        JsonNode args = node.get("args");
        if (args == null || !args.isArray()) {
            throw refuse(path, "'" + node.get("op").textValue() + "' needs \"args\", an array, but found "
                    + (args == null ? "none" : describe(args)));
        }
        List<JsonNode> out = new ArrayList<>();
        args.forEach(out::add);
        return out;
    }

    private static void arity(List<JsonNode> args, int n, String op, String path) {
        if (args.size() != n) {
            throw refuse(path + "/args", "'" + op + "' takes " + n + (n == 1 ? " argument" : " arguments") + ", got " + args.size());
        }
    }

    private static String onlyText(JsonNode node, String member, String path) {
        members(node, path, member);
        if (!node.get(member).isTextual()) {
            throw refuse(path + "/" + member, "expected a string but found " + describe(node.get(member)));
        }
        return node.get(member).textValue();
    }

    /** Refuses members other than those named: a misspelt "arg" must not pass as no arguments. */
    static void members(JsonNode node, String path, String... allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(allowed).contains(name)) {
                throw refuse(path, "unexpected member " + Texts.quoted(name) + "; expected only " + String.join(", ", allowed));
            }
        }
    }

    private static RuntimeException unsupported(String op, String path) {
        String lower = op.toLowerCase(Locale.ROOT);
        String why;
        if (lower.startsWith("t_") || lower.equals("interval")) {
            why = " is a temporal function, which this server does not offer; compare dates or timestamps with =, <, >, <=, >= or between";
        } else if (lower.startsWith("a_")) {
            why = " is an array function, which this server does not offer";
        } else if (lower.equals("accenti")) {
            why = " (accent-insensitive comparison) is not offered by this server; casei is";
        } else if (ARITHMETIC.contains(lower)) {
            why = " is arithmetic, which this server does not offer";
        } else {
            why = " is not an operator or function this server offers";
        }
        return refuse(path, Texts.quoted(op) + why);
    }

    static String where(String path) {
        return path.isEmpty() ? "at the top level, " : "at " + path + ", ";
    }

    static RuntimeException refuse(String path, String message) {
        return CqlLimits.refuse(where(path) + message);
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "the string " + Texts.quoted(node.textValue());
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(n -> names.add(Texts.shortened(n)));
            return names.isEmpty() ? "an empty object" : "an object with " + Texts.shortened(String.join(", ", names));
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        return Texts.shortened(node.toString());
    }
}
