package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** Filters built to cost the server: each is refused with a message, none reaches a stack overflow or SQL. */
class CqlHostileInputTest {

    private static String nested(String open, String inner, String close, int levels) {
        return String.join("", Collections.nCopies(levels, open)) + inner + String.join("", Collections.nCopies(levels, close));
    }

    private static String line(int points, String separator, String open, String close) {
        StringJoiner j = new StringJoiner(separator);
        for (int i = 0; i < points; i++) {
            j.add(open + (i % 9) + (open.isEmpty() ? " " : ",") + (i % 7) + close);
        }
        return j.toString();
    }

    @Test
    void nestingDeeperThan32LevelsIsRefused() {
        assertDoesNotThrow(() -> Cql2Text.parse(nested("NOT ", "a = 1", "", 32)));
        assertDoesNotThrow(() -> Cql2Text.parse(nested("(", "a = 1", ")", 32)));
        assertDoesNotThrow(() -> Cql2Text.parse(nested("CASEI(", "a", ")", 32) + " = 'x'"));
        assertEquals("filter: at character 129, the filter nests deeper than 32 levels", Cql2TextTest.refused(nested("NOT ", "a = 1", "", 33)));
        assertEquals("filter: at character 33, the filter nests deeper than 32 levels", Cql2TextTest.refused(nested("(", "a = 1", ")", 33)));
        assertTrue(Cql2TextTest.refused(nested("CASEI(", "a", ")", 33) + " = 'x'").endsWith("the filter nests deeper than 32 levels"));
        assertTrue(Cql2TextTest.refused(nested("(", "a = 1", ")", 30_000)).endsWith("nests deeper than 32 levels"), "no stack overflow");
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, GEOMETRYCOLLECTION" + nested("(", "", ")", 40) + ")").endsWith("nests deeper than 32 levels"));

        String not = "{\"op\": \"not\", \"args\": [";
        String comparison = "{\"op\": \"=\", \"args\": [{\"property\": \"a\"}, 1]}";
        assertDoesNotThrow(() -> Cql2Json.parse(nested(not, comparison, "]}", 32)));
        assertEquals("filter: at /args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0"
                        + "/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0/args/0"
                        + "/args/0/args/0, the filter nests deeper than 32 levels",
                Cql2JsonTest.refused(nested(not, comparison, "]}", 33)));
        assertEquals("filter: the filter nests deeper than 32 levels", Cql2JsonTest.refused(nested("[", "", "]", 20_000)));
        String casei = "{\"op\": \"casei\", \"args\": [";
        assertTrue(Cql2JsonTest.refused("{\"op\": \"=\", \"args\": [" + nested(casei, "{\"property\": \"a\"}", "]}", 33) + ", \"x\"]}")
                .endsWith("the filter nests deeper than 32 levels"));
    }

    @Test
    void moreThan10000CoordinatesInAllLiteralsAreRefused() {
        assertDoesNotThrow(() -> Cql2Text.parse("S_INTERSECTS(g, LINESTRING(" + line(10_000, ",", "", "") + "))"));
        assertEquals("filter: at character 17, the geometry literals have more than 10000 positions in total; send a simpler geometry",
                Cql2TextTest.refused("S_INTERSECTS(g, LINESTRING(" + line(10_001, ",", "", "") + "))"));
        String twoLines = "S_INTERSECTS(g, LINESTRING(" + line(5_001, ",", "", "") + ")) OR S_CROSSES(g, LINESTRING("
                + line(5_001, ",", "", "") + "))";
        assertTrue(Cql2TextTest.refused(twoLines).endsWith("the geometry literals have more than 10000 positions in total; send a simpler geometry"));

        String json = "{\"op\": \"s_intersects\", \"args\": [{\"property\": \"g\"}, {\"type\": \"LineString\", \"coordinates\": [%s]}]}";
        assertDoesNotThrow(() -> Cql2Json.parse(json.formatted(line(10_000, ",", "[", "]"))));
        assertEquals("filter: at /args/1, the geometry literals have more than 10000 positions in total; send a simpler geometry",
                Cql2JsonTest.refused(json.formatted(line(10_001, ",", "[", "]"))));
    }

    @Test
    void nonFiniteCoordinatesAreRefused() {
        assertEquals("filter: at character 17, the POINT literal has a coordinate that is not a finite number (NaN or infinite)",
                Cql2TextTest.refused("S_INTERSECTS(g, POINT(NaN 1))"));
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, POINT(1 Infinity))").endsWith("not a finite number (NaN or infinite)"));
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, POINT(1e400 1))").endsWith("not a finite number (NaN or infinite)"));
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, POINT Z (1 2 -1e999))").endsWith("not a finite number (NaN or infinite)"));
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, BBOX(NaN, 1, 2, 3))").contains("expected a number of the BBOX"));
        assertTrue(Cql2TextTest.refused("S_INTERSECTS(g, BBOX(1e400, 1, 2, 3))").contains("outside what this server compares"));
        assertTrue(Cql2JsonTest.refused("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"g\"}, {\"bbox\": [1e400, 1, 2, 3]}]}")
                .endsWith("a BBOX number is not finite (NaN or infinite)"));
    }

    @Test
    void aFilterIsAtMost64KiB() {
        String pad = "name = '" + "x".repeat(64 * 1024 - 9) + "'";
        assertEquals(64 * 1024, pad.length());
        assertDoesNotThrow(() -> Cql2Text.parse(pad));
        assertEquals("filter: the filter is 65537 bytes long; at most 65536 (64 KiB) are accepted", Cql2TextTest.refused(pad + " "));
        String chinese = "name = '" + "驻".repeat(22_000) + "'";
        assertTrue(chinese.length() < 64 * 1024);
        assertTrue(Cql2TextTest.refused(chinese).contains("bytes long"), "the limit counts UTF-8 bytes");
        assertTrue(Cql2JsonTest.refused("{\"op\": \"=\", \"args\": [{\"property\": \"name\"}, \"" + "x".repeat(70_000) + "\"]}").contains("bytes long"));
        assertEquals("filter: the filter has a number or string longer than this server reads",
                Cql2JsonTest.refused("{\"op\": \"=\", \"args\": [{\"property\": \"n\"}, " + "1".repeat(2_000) + "]}"));
        assertEquals("filter: the filter is empty", Cql2JsonTest.refused(""));
        assertEquals("filter: the filter is empty", Cql2TextTest.refused(""));
    }
}
