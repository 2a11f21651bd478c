package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.features.cql.CqlExpr.And;
import zmd.registry.features.cql.CqlExpr.Comparison;
import zmd.registry.features.cql.CqlExpr.ComparisonOp;
import zmd.registry.features.cql.CqlExpr.Not;
import zmd.registry.features.cql.CqlExpr.NumberLiteral;
import zmd.registry.features.cql.CqlExpr.Or;
import zmd.registry.features.cql.CqlExpr.PropertyRef;
import zmd.registry.features.cql.CqlExpr.StringLiteral;

class Cql2TextTest {

    private static Comparison eq(String property, int value) {
        return new Comparison(ComparisonOp.EQ, new PropertyRef(property), new NumberLiteral(BigDecimal.valueOf(value)));
    }

    /** The refusal's message, after checking it is the caller's error on the filter parameter. */
    static String refused(String text) {
        RegistryException e = assertThrows(RegistryException.class, () -> Cql2Text.parse(text), text);
        assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        assertEquals("filter", e.details().get("field"));
        assertTrue(e.getMessage().startsWith("filter: "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        assertEquals(new Or(List.of(eq("a", 1), new And(List.of(eq("b", 2), eq("c", 3))))), Cql2Text.parse("a = 1 OR b = 2 AND c = 3"));
        assertEquals(new Or(List.of(new And(List.of(eq("a", 1), eq("b", 2))), eq("c", 3))), Cql2Text.parse("a = 1 AND b = 2 OR c = 3"));
        assertEquals(new And(List.of(new Or(List.of(eq("a", 1), eq("b", 2))), eq("c", 3))), Cql2Text.parse("(a = 1 OR b = 2) AND c = 3"));
        assertEquals(new And(List.of(new Not(eq("a", 1)), eq("b", 2))), Cql2Text.parse("NOT a = 1 AND b = 2"));
        assertEquals(new Not(new And(List.of(eq("a", 1), eq("b", 2)))), Cql2Text.parse("NOT (a = 1 AND b = 2)"));
        assertEquals(new Or(List.of(eq("a", 1), eq("b", 2), eq("c", 3))), Cql2Text.parse("a=1 OR b=2 OR c=3"), "a chain is one OR");
        assertEquals(new And(List.of(new And(List.of(eq("a", 1), eq("b", 2))), eq("c", 3))), Cql2Text.parse("((a=1 AND b=2)) AND c=3"),
                "parentheses keep their grouping");
    }

    @Test
    void betweenTakesTheFirstAndAsItsOwn() {
        assertEquals(new And(List.of(new CqlExpr.Between(new PropertyRef("a"), new NumberLiteral(BigDecimal.ONE), new NumberLiteral(BigDecimal.TWO)), eq("b", 3))),
                Cql2Text.parse("a BETWEEN 1 AND 2 AND b = 3"));
    }

    @Test
    void keywordsAreCaseInsensitiveAndPropertyNamesAreNot() {
        assertEquals(Cql2Text.parse("NAME LIKE 'a%' AND NOT flag = TRUE OR id IN (1, 2) OR x IS NOT NULL OR y NOT BETWEEN 1 AND 2"),
                Cql2Text.parse("NAME like 'a%' and not flag = true or id in (1, 2) or x is not null or y not between 1 and 2"));
        assertEquals(new PropertyRef("NAME"), ((Comparison) Cql2Text.parse("NAME = 1")).left());
        assertEquals(Cql2Text.parse("S_INTERSECTS(g, POINT(1 2))"), Cql2Text.parse("s_intersects(g, point(1 2))"));
        assertEquals(Cql2Text.parse("d = DATE('2020-01-01')"), Cql2Text.parse("d = date('2020-01-01')"));
    }

    @Test
    void functionWordsArePropertyNamesWhenNoParenthesisFollows() {
        Comparison c = (Comparison) Cql2Text.parse("date = DATE('2020-01-01')");
        assertEquals(new PropertyRef("date"), c.left());
        assertEquals(new CqlExpr.DateLiteral(LocalDate.of(2020, 1, 1)), c.right());
        assertEquals(new PropertyRef("point"), ((Comparison) Cql2Text.parse("point = 1")).left());
        assertEquals(new PropertyRef("AND"), ((Comparison) Cql2Text.parse("\"AND\" = 1")).left(), "a keyword in double quotes is a name");
        assertEquals(new PropertyRef("名称"), ((Comparison) Cql2Text.parse("名称 = '驻马店'")).left());
        assertEquals(new StringLiteral("驻马店"), ((Comparison) Cql2Text.parse("名称 = '驻马店'")).right());
        assertEquals(new PropertyRef("eo:cloud_cover.max"), ((Comparison) Cql2Text.parse("eo:cloud_cover.max = 1")).left());
    }

    @Test
    void literals() {
        assertEquals(new StringLiteral("O'Brien"), ((Comparison) Cql2Text.parse("a = 'O''Brien'")).right());
        assertEquals(new StringLiteral("O'Brien"), ((Comparison) Cql2Text.parse("a = 'O\\'Brien'")).right());
        assertEquals(new StringLiteral("100\\%"), ((CqlExpr.Like) Cql2Text.parse("a LIKE '100\\%'")).pattern(),
                "a backslash before anything but a quote stays, for LIKE to read");
        assertEquals(new StringLiteral("a\\\\"), ((Comparison) Cql2Text.parse("a = 'a\\\\'")).right(),
                "a doubled backslash does not escape the closing quote");
        assertEquals(new StringLiteral(""), ((Comparison) Cql2Text.parse("a = ''")).right());
        assertEquals(new NumberLiteral(new BigDecimal("-1.5E-3")), ((Comparison) Cql2Text.parse("a = -1.5E-3")).right());
        assertEquals(new NumberLiteral(new BigDecimal("0.5")), ((Comparison) Cql2Text.parse("a=.5")).right());
        assertEquals(new NumberLiteral(new BigDecimal("-7")), ((Comparison) Cql2Text.parse("a<-7")).right());
        assertEquals(new CqlExpr.BooleanLiteral(false), ((Comparison) Cql2Text.parse("a = FALSE")).right());
        assertEquals(new CqlExpr.TimestampLiteral(OffsetDateTime.parse("2020-01-01T08:30:00.123Z")),
                ((Comparison) Cql2Text.parse("t > TIMESTAMP('2020-01-01T08:30:00.123Z')")).right());
        assertEquals(new CqlExpr.BooleanLiteral(true), Cql2Text.parse("TRUE"));
        assertEquals(new Not(new CqlExpr.BooleanLiteral(true)), Cql2Text.parse("NOT TRUE"));
        assertEquals(new CqlExpr.BboxLiteral(1, 2, 3, 4), ((CqlExpr.SpatialPredicate) Cql2Text.parse("S_WITHIN(g, BBOX(1, 2, 3, 4))")).right());
    }

    @Test
    void wktLiteralsOfEveryKind() {
        for (String wkt : List.of("POINT(1 2)", "POINT Z (1 2 3)", "LINESTRING(0 0, 1 1)", "POLYGON((0 0, 1 0, 1 1, 0 0))",
                "MULTIPOINT((0 0), (1 1))", "MULTILINESTRING((0 0, 1 1), (2 2, 3 3))", "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))",
                "GEOMETRYCOLLECTION(POINT(0 0), LINESTRING(0 0, 1 1))", "POINT EMPTY")) {
            CqlExpr.SpatialPredicate s = (CqlExpr.SpatialPredicate) Cql2Text.parse("S_INTERSECTS(geom, " + wkt + ")");
            assertTrue(s.right() instanceof CqlExpr.GeometryLiteral, wkt);
        }
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        assertEquals("filter: at character 17, expected a value after '=' but found end of text", refused("landsat:wrs_row="));
        assertEquals("filter: at character 10, expected a value after 'AND' but found end of text", refused("a = 1 AND"));
        assertEquals("filter: at character 7, expected ')' to close the '(' at character 1 after the number '1' but found end of text",
                refused("(a = 1"));
        assertEquals("filter: at character 6, this ')' closes no '('", refused("a = 1)"));
        assertEquals("filter: at character 4, expected a value after '=' but found '='", refused("a == 1"));
        assertEquals("filter: at character 3, CQL2 writes 'not equal' as <>, not !=", refused("a != 1"));
        assertEquals("filter: at character 8, the string is not closed: expected a closing quote (')", refused("name = 'abc"));
        assertEquals("filter: at character 7, expected AND, OR or the end of the filter after the number '1' but found 'b'", refused("a = 1 b = 2"));
        assertEquals("filter: at character 6, expected a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN or IS NULL) after 'a' but found end of text",
                refused("NOT a"));
        assertEquals("filter: at character 7, expected LIKE, BETWEEN or IN after 'NOT' but found '='", refused("a NOT = 1"));
        assertEquals("filter: at character 10, expected NULL after 'NOT' but found the number '5'", refused("a IS NOT 5"));
        assertEquals("filter: at character 8, expected a pattern in quotes, e.g. 'abc%' after 'LIKE' but found the number '5'", refused("a LIKE 5"));
        assertEquals("filter: at character 7, expected a value after '(' but found ')'", refused("a IN ()"));
        assertEquals("filter: at character 11, expected ',' or ')' to close the list of IN after the number '2' but found end of text", refused("a IN (1, 2"));
        assertEquals("filter: at character 12, expected AND and the upper bound of BETWEEN after the number '1' but found end of text", refused("a BETWEEN 1"));
        assertEquals("filter: at character 1, expected a value but found 'AND'", refused("AND = 1"));
        assertEquals("filter: at character 3, unexpected character '@'", refused("a @ 1"));
        assertEquals("filter: at character 5, malformed number '5abc'", refused("a = 5abc"));
        assertEquals("filter: at character 1, the quoted property name is not closed: expected '\"'", refused("\"a = 1"));
        assertEquals("filter: at character 18, expected ',' and the second geometry of S_INTERSECTS after 'geom' but found ')'",
                refused("S_INTERSECTS(geom)"));
        assertEquals("filter: at character 5, S_INTERSECTS is a condition, not a value: it cannot be compared", refused("a = S_INTERSECTS(a, b)"));
        assertTrue(refused("a = 1 + 2").endsWith("but found '+'; arithmetic is not offered by this server"));
        assertEquals("filter: the filter is empty", refused("  "));
    }

    @Test
    void positionsCountCharactersNotBytesOrUtf16Units() {
        assertEquals("filter: at character 6, expected a value after '=' but found end of text", refused("名称 = "));
        assertEquals("filter: at character 7, expected a value after '=' but found end of text", refused("\"😀\" = "));
    }

    @Test
    void dateAndTimestampLiteralsAreChecked() {
        assertEquals("filter: at character 10, '2020-02-30' is not a day of the calendar", refused("a = DATE('2020-02-30')"));
        assertEquals("filter: at character 10, a DATE is written YYYY-MM-DD, e.g. '2020-01-31', got '2020-1-1'", refused("a = DATE('2020-1-1')"));
        assertTrue(refused("a = TIMESTAMP('2020-01-01 00:00:00')").startsWith(
                "filter: at character 15, a TIMESTAMP is written in UTC as YYYY-MM-DDTHH:MM:SS[.fraction]Z"));
        assertTrue(refused("a = TIMESTAMP('2020-01-01T00:00:00+08:00')").contains("in UTC"));
        assertEquals("filter: at character 15, '2020-01-01T25:00:00Z' is not a valid instant", refused("a = TIMESTAMP('2020-01-01T25:00:00Z')"));
        assertTrue(refused("a = DATE(5)").contains("expected the DATE in quotes, e.g. DATE('2020-01-01') after '(' but found the number '5'"));
    }

    @Test
    void geometryLiteralErrorsSayWhichLiteral() {
        assertEquals("filter: at character 20, the POINT literal is not valid WKT: Expected number but found ')'", refused("S_INTERSECTS(geom, POINT(1))"));
        assertTrue(refused("S_INTERSECTS(geom, POLYGON((0 0, 1 0, 1 1, 0 1)))")
                .startsWith("filter: at character 20, the POLYGON literal is not a geometry: Points of LinearRing do not form a closed linestring"));
        assertTrue(refused("S_INTERSECTS(geom, LINESTRING(0 0))").contains("the LINESTRING literal is not a geometry: Invalid number of points"));
        assertEquals("filter: at character 20, a BBOX has 4 numbers (minx, miny, maxx, maxy) or 6 with elevations, got 3",
                refused("S_INTERSECTS(geom, BBOX(1,2,3))"));
        assertTrue(refused("S_INTERSECTS(geom, BBOX(3,2,1,4))").contains("boxes crossing the antimeridian are not supported"));
        assertTrue(refused("S_INTERSECTS(geom, BBOX(1,4,3,2))").contains("send the minimum first"));
        assertTrue(refused("S_INTERSECTS(geom, POLYGON M ((1 2 3, 3 4 5)))").contains("no measures (M or ZM)"));
        assertTrue(refused("S_INTERSECTS(geom, POLYGON((0 0, 1 0, 1 1, 0 0))").contains("expected ')' to close S_INTERSECTS"));
        String longWord = "x".repeat(200);
        String m = refused("S_INTERSECTS(geom, POINT(" + longWord + " 1))");
        assertFalse(m.contains(longWord.substring(0, 41)), "a caller's text is shown shortened: " + m);
    }

    @Test
    void numbersOutsideWhatPostgresComparesAreRefused() {
        assertEquals("filter: at character 5, the number '1e999' is outside what this server compares (at most 64 significant digits,"
                + " magnitude 1e-300 to 1e300)", refused("a = 1e999"));
        assertTrue(refused("a = 1e-999").contains("is outside what this server compares"));
        assertTrue(refused("a = 1." + "1".repeat(70)).contains("is outside what this server compares"));
        assertTrue(refused("a = 1e99999999999").contains("cannot be read"));
        assertEquals(new NumberLiteral(new BigDecimal("1e70")), ((Comparison) Cql2Text.parse("a = 1" + "0".repeat(70))).right(),
                "trailing zeros are not significant digits");
    }

    @Test
    void aCallersLongTextIsShownShortened() {
        String m = refused("x = 'a' '" + "b".repeat(72) + "'");
        assertTrue(m.endsWith("but found the string '" + "b".repeat(40) + "…' (72 characters)"), m);
    }
}
