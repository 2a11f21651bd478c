package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import zmd.registry.core.Texts;
import zmd.registry.features.cql.CqlExpr.Predicate;
import zmd.registry.features.cql.CqlExpr.Scalar;
import zmd.registry.features.cql.CqlLexer.Kind;
import zmd.registry.features.cql.CqlLexer.Token;

/**
 * CQL2 text (filter-lang=cql2-text), parsed by recursive descent over the standard's BNF: OR binds loosest, then
 * AND, then NOT, then the predicates. Keywords are case-insensitive; property names are case-sensitive. Words such
 * as DATE, CASEI or POINT are keywords only before a parenthesis, so they stay usable as property names.
 */
public final class Cql2Text {
    /** Words that can never be a property name unless double-quoted. */
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private final String text;
    private final List<Token> tokens;
    private final CqlLimits limits = new CqlLimits();
    private int pos;

    private Cql2Text(String text) {
        this.text = text;
        this.tokens = CqlLexer.tokens(text);
    }

    public static CqlExpr parse(String text) {
        CqlLimits.checkSize(text);
        Cql2Text parser = new Cql2Text(text);
        Predicate filter = parser.or(0);
        Token end = parser.peek();
        if (end.is(")")) {
            throw CqlLimits.refuse(parser.here() + "this ')' closes no '('");
        }
        if (end.kind() != Kind.EOF) {
            throw parser.expected("AND, OR or the end of the filter");
        }
        return filter;
    }

    private Predicate or(int depth) {
        List<Predicate> args = new ArrayList<>(List.of(and(depth)));
        while (peek().isWord("OR")) {
            pos++;
            args.add(and(depth));
        }
        return args.size() == 1 ? args.getFirst() : new CqlExpr.Or(args);
    }

    private Predicate and(int depth) {
        List<Predicate> args = new ArrayList<>(List.of(factor(depth)));
        while (peek().isWord("AND")) {
            pos++;
            args.add(factor(depth));
        }
        return args.size() == 1 ? args.getFirst() : new CqlExpr.And(args);
    }

    private Predicate factor(int depth) {
        if (peek().isWord("NOT")) {
            CqlLimits.checkDepth(depth + 1, here());
            pos++;
            return new CqlExpr.Not(factor(depth + 1));
        }
        return primary(depth);
    }

    private Predicate primary(int depth) {
        Token t = peek();
        if (t.is("(")) {
            CqlLimits.checkDepth(depth + 1, here());
            pos++;
            Predicate inner = or(depth + 1);
            expect(")", "')' to close the '(' " + CqlLexer.at(text, t.start()).replace(", ", ""));
            return inner;
        }
        CqlExpr.SpatialOp op = t.kind() == Kind.IDENT && peek(1).is("(") ? CqlExpr.SpatialOp.of(t.text()) : null;
        if (op != null) {
            pos += 2;
            Scalar left = scalar(depth + 1);
            expect(",", "',' and the second geometry of " + op);
            Scalar right = scalar(depth + 1);
            expect(")", "')' to close " + op);
            return new CqlExpr.SpatialPredicate(op, left, right);
        }
        Scalar value = scalar(depth);
        return predicateAfter(value, depth);
    }

    /** What follows a value: a comparison, [NOT] LIKE / BETWEEN / IN, IS [NOT] NULL; or nothing after TRUE / FALSE. */
    private Predicate predicateAfter(Scalar value, int depth) {
        Token t = peek();
        if (t.kind() == Kind.SYMBOL && CqlExpr.ComparisonOp.of(t.text()) != null) {
            pos++;
            return new CqlExpr.Comparison(CqlExpr.ComparisonOp.of(t.text()), value, scalar(depth));
        }
        if (t.is("!=")) {
            throw CqlLimits.refuse(here() + "CQL2 writes 'not equal' as <>, not !=");
        }
        if (t.isWord("NOT")) {
            pos++;
            if (!peek().isWord("LIKE") && !peek().isWord("BETWEEN") && !peek().isWord("IN")) {
                throw expected("LIKE, BETWEEN or IN");
            }
            return new CqlExpr.Not(negatable(value, depth));
        }
        if (t.isWord("LIKE") || t.isWord("BETWEEN") || t.isWord("IN")) {
            return negatable(value, depth);
        }
        if (t.isWord("IS")) {
            pos++;
            boolean not = peek().isWord("NOT");
            if (not) {
                pos++;
            }
            expect("NULL", "NULL");
            CqlExpr.IsNull isNull = new CqlExpr.IsNull(value);
            return not ? new CqlExpr.Not(isNull) : isNull;
        }
        if (value instanceof CqlExpr.BooleanLiteral b) {
            return b;
        }
        throw expected("a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN or IS NULL)");
    }

    private Predicate negatable(Scalar value, int depth) {
        Token t = peek();
        pos++;
        if (t.isWord("LIKE")) {
            return new CqlExpr.Like(value, pattern(depth));
        }
        if (t.isWord("BETWEEN")) {
            Scalar low = scalar(depth);
            expect("AND", "AND and the upper bound of BETWEEN");
            return new CqlExpr.Between(value, low, scalar(depth));
        }
        expect("(", "'(' and the list of IN");
        List<Scalar> list = new ArrayList<>(List.of(scalar(depth + 1)));
        while (peek().is(",")) {
            pos++;
            list.add(scalar(depth + 1));
        }
        expect(")", "',' or ')' to close the list of IN");
        return new CqlExpr.In(value, list);
    }

    /** A LIKE pattern: a string, or CASEI of a pattern. */
    private Scalar pattern(int depth) {
        Token t = peek();
        if (t.kind() == Kind.STRING) {
            pos++;
            return new CqlExpr.StringLiteral(t.text());
        }
        if (t.isWord("CASEI") && peek(1).is("(")) {
            CqlLimits.checkDepth(depth + 1, here());
            pos += 2;
            Scalar inner = pattern(depth + 1);
            expect(")", "')' to close CASEI");
            return new CqlExpr.CaseI(inner);
        }
        if (t.isWord("ACCENTI") && peek(1).is("(")) {
            unsupportedFunction(t);
        }
        throw expected("a pattern in quotes, e.g. 'abc%'");
    }

    private Scalar scalar(int depth) {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                pos++;
                return new CqlExpr.StringLiteral(t.text());
            }
            case NUMBER -> {
                pos++;
                return new CqlExpr.NumberLiteral(number(t));
            }
            case QUOTED_IDENT -> {
                pos++;
                return new CqlExpr.PropertyRef(t.text());
            }
            case IDENT -> {
                return word(t, depth);
            }
            default -> throw expected("a value");
        }
    }

    private Scalar word(Token t, int depth) {
        String upper = t.upper();
        boolean call = peek(1).is("(");
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            pos++;
            return new CqlExpr.BooleanLiteral(upper.equals("TRUE"));
        }
        if (RESERVED.contains(upper)) {
            throw expected("a value");
        }
        if (CqlGeometries.WKT_TYPES.contains(upper) && (peek(1).isWord("M") || peek(1).isWord("ZM"))) {
            pos++;
            throw CqlLimits.refuse(here() + "CQL2 geometries have x, y and optionally z (Z), no measures (M or ZM)");
        }
        if (CqlGeometries.WKT_TYPES.contains(upper) && (call || peek(1).isWord("Z") || peek(1).isWord("EMPTY"))) {
            return wkt(t);
        }
        if (!call) {
            pos++;
            return new CqlExpr.PropertyRef(t.text());
        }
        switch (upper) {
            case "CASEI" -> {
                CqlLimits.checkDepth(depth + 1, here());
                pos += 2;
                Scalar inner = scalar(depth + 1);
                expect(")", "')' to close CASEI");
                return new CqlExpr.CaseI(inner);
            }
            case "DATE", "TIMESTAMP" -> {
                pos += 2;
                Token value = peek();
                if (value.kind() != Kind.STRING) {
                    throw expected("the " + upper + " in quotes, e.g. " + upper + "('" + (upper.equals("DATE") ? "2020-01-01" : "2020-01-01T00:00:00Z") + "')");
                }
                pos++;
                expect(")", "')' to close " + upper);
                return upper.equals("DATE") ? date(value.text(), CqlLexer.at(text, value.start()))
                        : timestamp(value.text(), CqlLexer.at(text, value.start()));
            }
            case "BBOX" -> {
                return bbox(t);
            }
            default -> {
                if (CqlExpr.SpatialOp.of(upper) != null) {
                    throw CqlLimits.refuse(here() + upper + " is a condition, not a value: it cannot be compared");
                }
                unsupportedFunction(t);
                return null;
            }
        }
    }

    private Scalar wkt(Token keyword) {
        String where = CqlLexer.at(text, keyword.start());
        pos++;
        if (peek().isWord("Z")) {
            pos++;
        }
        if (peek().isWord("EMPTY")) {
            pos++;
            return CqlGeometries.wkt(text.substring(keyword.start(), tokens.get(pos - 1).end()), keyword.upper(), where, limits);
        }
        expect("(", "'(' and the coordinates of " + keyword.upper());
        for (int open = 1; open > 0; pos++) {
            Token t = peek();
            if (t.kind() == Kind.EOF) {
                throw expected("')' to close the " + keyword.upper() + " literal " + where.replace(", ", ""));
            }
            open += t.is("(") ? 1 : t.is(")") ? -1 : 0;
            CqlLimits.checkDepth(open, CqlLexer.at(text, t.start()));
        }
        return CqlGeometries.wkt(text.substring(keyword.start(), tokens.get(pos - 1).end()), keyword.upper(), where, limits);
    }

    private Scalar bbox(Token keyword) {
        pos += 2;
        List<Double> numbers = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() != Kind.NUMBER) {
                throw expected("a number of the BBOX");
            }
            pos++;
            numbers.add(number(t).doubleValue());
            if (peek().is(")")) {
                pos++;
                break;
            }
            expect(",", "',' or ')' in the BBOX");
        }
        double[] n = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        return CqlGeometries.bbox(n, CqlLexer.at(text, keyword.start()), limits);
    }

    private BigDecimal number(Token t) {
        try {
            return CqlLimits.checkNumber(new BigDecimal(t.text()), CqlLexer.at(text, t.start()), t.text());
        } catch (NumberFormatException e) {
            throw CqlLimits.refuse(CqlLexer.at(text, t.start()) + "the number " + Texts.quoted(t.text()) + " cannot be read");
        }
    }

    static CqlExpr.DateLiteral date(String value, String where) {
        if (DATE.matcher(value).matches()) {
            try {
                return new CqlExpr.DateLiteral(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw CqlLimits.refuse(where + Texts.quoted(value) + " is not a day of the calendar");
            }
        }
        throw CqlLimits.refuse(where + "a DATE is written YYYY-MM-DD, e.g. '2020-01-31', got " + Texts.quoted(value));
    }

    static CqlExpr.TimestampLiteral timestamp(String value, String where) {
        if (TIMESTAMP.matcher(value).matches()) {
            try {
                return new CqlExpr.TimestampLiteral(Instant.parse(value).atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw CqlLimits.refuse(where + Texts.quoted(value) + " is not a valid instant");
            }
        }
        throw CqlLimits.refuse(where + "a TIMESTAMP is written in UTC as YYYY-MM-DDTHH:MM:SS[.fraction]Z, e.g. "
                + "'2020-01-31T08:00:00Z', got " + Texts.quoted(value));
    }

    /** Names what CQL2 has but this server does not offer, so the caller knows it is not a typo. */
    private void unsupportedFunction(Token t) {
        String upper = t.upper();
        String why;
        if (upper.startsWith("T_") || upper.equals("INTERVAL")) {
            why = " is a temporal function, which this server does not offer; compare DATE or TIMESTAMP values with =, <, >, <=, >= or BETWEEN";
        } else if (upper.startsWith("A_")) {
            why = " is an array function, which this server does not offer";
        } else if (upper.equals("ACCENTI")) {
            why = " (accent-insensitive comparison) is not offered by this server; CASEI is";
        } else {
            why = " is not a function this server offers (it offers CASEI, DATE, TIMESTAMP, BBOX, the WKT geometries and "
                    + "S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS)";
        }
        throw CqlLimits.refuse(CqlLexer.at(text, t.start()) + Texts.quoted(t.text()) + why);
    }

    private void expect(String what, String expectedDescription) {
        Token t = peek();
        if (t.is(what) || t.isWord(what)) {
            pos++;
            return;
        }
        throw expected(expectedDescription);
    }

    /** "at character N, expected X after 'Y' but found Z", for the token at the current position. */
    private RuntimeException expected(String what) {
        Token found = peek();
        String after = pos == 0 ? "" : " after " + tokens.get(pos - 1).describe();
        if (found.is("+") || found.is("*") || found.is("/") || found.is("-")) {
            return CqlLimits.refuse(here() + "expected " + what + after + " but found " + found.describe()
                    + "; arithmetic is not offered by this server");
        }
        return CqlLimits.refuse(here() + "expected " + what + after + " but found " + found.describe());
    }

    private String here() {
        return CqlLexer.at(text, peek().start());
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }
}
