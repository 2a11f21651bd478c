package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.features.cql.CqlExpr.Comparison;
import zmd.registry.features.cql.CqlExpr.ComparisonOp;
import zmd.registry.features.cql.CqlExpr.NumberLiteral;
import zmd.registry.features.cql.CqlExpr.PropertyRef;

class Cql2JsonTest {

    static String refused(String json) {
        RegistryException e = assertThrows(RegistryException.class, () -> Cql2Json.parse(json), json);
        assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        assertEquals("filter", e.details().get("field"));
        assertTrue(e.getMessage().startsWith("filter: "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void operatorNamesAreMatchedInAnyCase() {
        assertEquals(Cql2Json.parse("{\"op\": \"isNull\", \"args\": [{\"property\": \"a\"}]}"),
                Cql2Json.parse("{\"op\": \"ISNULL\", \"args\": [{\"property\": \"a\"}]}"));
        assertEquals(Cql2Json.parse("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"g\"}, {\"bbox\": [1, 2, 3, 4]}]}"),
                Cql2Json.parse("{\"op\": \"S_INTERSECTS\", \"args\": [{\"property\": \"g\"}, {\"bbox\": [1, 2, 3, 4]}]}"));
    }

    @Test
    void numbersKeepTheirDecimalValue() {
        Comparison c = (Comparison) Cql2Json.parse("{\"op\": \"=\", \"args\": [{\"property\": \"a\"}, 0.1]}");
        assertEquals(new Comparison(ComparisonOp.EQ, new PropertyRef("a"), new NumberLiteral(new BigDecimal("0.1"))), c,
                "0.1 stays 0.1, not the double nearest to it");
        assertEquals(new NumberLiteral(new BigDecimal("12345678901234567890")),
                ((Comparison) Cql2Json.parse("{\"op\": \"=\", \"args\": [{\"property\": \"a\"}, 12345678901234567890]}")).right());
    }

    @Test
    void geoJsonPositionsMayCarryAnElevationThatIsDropped() {
        CqlExpr.SpatialPredicate s = (CqlExpr.SpatialPredicate) Cql2Json.parse(
                "{\"op\": \"s_intersects\", \"args\": [{\"property\": \"g\"}, {\"type\": \"Point\", \"coordinates\": [1, 2, 3]}]}");
        assertEquals(2, ((CqlExpr.GeometryLiteral) s.right()).value().getCoordinate().getX() + 1, 0.0);
        assertTrue(Double.isNaN(((CqlExpr.GeometryLiteral) s.right()).value().getCoordinate().getZ()));
    }

    @Test
    void errorsNameThePlaceAsAJsonPointer() {
        assertEquals("filter: at /args, '=' takes 2 arguments, got 1", refused("{\"op\":\"=\",\"args\":[1]}"));
        assertEquals("filter: at the top level, unexpected member 'arg'; expected only op, args", refused("{\"op\":\"=\",\"arg\":[1,2]}"));
        assertEquals("filter: at /args/1, null is not a CQL2 value; test for it with {\"op\": \"isNull\", \"args\": [...]}",
                refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},null]}"));
        assertEquals("filter: at /args/0, expected a condition ({\"op\": ..., \"args\": [...]}, true or false) but found an object with property",
                refused("{\"op\":\"and\",\"args\":[{\"property\":\"a\"}, true]}"));
        assertEquals("filter: at the top level, expected a condition ({\"op\": ..., \"args\": [...]}, true or false) but found the string 'x'",
                refused("\"x\""));
        assertEquals("filter: at /args/1, expected the non-empty array of values 'in' looks in but found 1",
                refused("{\"op\":\"in\",\"args\":[{\"property\":\"a\"},1]}"));
        assertEquals("filter: at /args/1, expected the non-empty array of values 'in' looks in but found an array of 0",
                refused("{\"op\":\"in\",\"args\":[{\"property\":\"a\"},[]]}"));
        assertEquals("filter: at /args/1/args/0/args/1, expected the LIKE pattern, a string such as \"abc%\", but found an object with property",
                refused("{\"op\":\"or\",\"args\":[true,{\"op\":\"not\",\"args\":[{\"op\":\"like\",\"args\":[{\"property\":\"a\"},{\"property\":\"b\"}]}]}]}"));
        assertEquals("filter: at the top level, 'foo' is not an operator or function this server offers", refused("{\"op\":\"foo\",\"args\":[]}"));
        assertEquals("filter: at the top level, 'and' needs at least two conditions in args, got 1", refused("{\"op\":\"and\",\"args\":[true]}"));
        assertEquals("filter: at the top level, 'casei' is a value, not a condition: compare it",
                refused("{\"op\":\"casei\",\"args\":[\"a\"]}"));
        assertEquals("filter: at /args/1, '=' is a condition, not a value: it cannot be compared",
                refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"op\":\"=\",\"args\":[1,1]}]}"));
        assertEquals("filter: at /args/1/date, expected a string but found 5",
                refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"date\":5}]}"));
        assertEquals("filter: at /args/1, '2020-13-01' is not a day of the calendar",
                refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"date\":\"2020-13-01\"}]}"));
        assertTrue(refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"timestamp\":\"2020-01-01\"}]}").contains("a TIMESTAMP is written in UTC"));
        assertEquals("filter: at the top level, 'not' needs \"args\", an array, but found none", refused("{\"op\":\"not\"}"));
        assertEquals("filter: at /op, expected the operator's name but found 5", refused("{\"op\":5,\"args\":[]}"));
        assertTrue(refused("[1,2]").contains("but found an array of 2"));
    }

    @Test
    void geoJsonErrorsPointAtThePosition() {
        String prefix = "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},";
        assertEquals("filter: at /args/1/coordinates/0, a ring needs at least 4 positions (3 corners and the first again), got 3",
                refused(prefix + "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1]]]}]}"));
        assertEquals("filter: at /args/1/coordinates/0, the ring is not closed: GeoJSON rings repeat the first position at the end",
                refused(prefix + "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}]}"));
        assertEquals("filter: at /args/1/coordinates/1/0, expected a finite number but found the string 'x'",
                refused(prefix + "{\"type\":\"LineString\",\"coordinates\":[[0,0],[\"x\",1]]}]}"));
        assertEquals("filter: at /args/1/coordinates/0, expected a finite number but found 1E+400",
                refused(prefix + "{\"type\":\"Point\",\"coordinates\":[1e400, 1]}]}"));
        assertEquals("filter: at /args/1/coordinates, expected a position [x, y] or [x, y, z] but found an array of 1",
                refused(prefix + "{\"type\":\"Point\",\"coordinates\":[1]}]}"));
        assertTrue(refused(prefix + "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}]}")
                .startsWith("filter: at /args/1/coordinates, not a LineString: Invalid number of points"));
        assertTrue(refused(prefix + "{\"type\":\"Pointy\",\"coordinates\":[1, 1]}]}").contains("'Pointy' is not a GeoJSON geometry type"));
        assertEquals("filter: at /args/1/geometries/0, a GeometryCollection cannot hold another one",
                refused(prefix + "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\",\"geometries\":[]}]}]}"));
        assertEquals("filter: at /args/1, unexpected member 'crs'; expected only type, coordinates, bbox",
                refused(prefix + "{\"type\":\"Point\",\"coordinates\":[1, 1],\"crs\":{}}]}"));
        assertEquals("filter: at /args/1, a BBOX has 4 numbers (minx, miny, maxx, maxy) or 6 with elevations, got 3",
                refused(prefix + "{\"bbox\":[1,2,3]}]}"));
        assertEquals("filter: at /args/1/bbox/1, expected a number but found the string '2'", refused(prefix + "{\"bbox\":[1,\"2\",3,4]}]}"));
        assertTrue(refused(prefix + "{\"type\":\"Point\",\"coordinates\":{}}]}").contains("expected a position [x, y] or [x, y, z] but found an empty object"));
        for (String type : List.of("LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")) {
            assertTrue(refused(prefix + "{\"type\":\"" + type + "\",\"coordinates\":{}}]}").contains("expected an array but found an empty object"), type);
        }
    }

    @Test
    void malformedJsonSaysWhereWithoutEchoingIt() {
        assertEquals("filter: the filter is not valid JSON at line 1, column 2: Unexpected end-of-input", refused("{"));
        assertEquals("filter: the filter is not valid JSON at line 1, column 15: Duplicate field 'op'", refused("{\"op\":\"=\",\"op\":\"<\"}"));
        assertTrue(refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]} x").contains("not valid JSON at line 1"), "trailing text is refused");
        String m = refused("{\"op\": " + "x".repeat(500) + "}");
        assertTrue(m.length() < 120, m);
        assertTrue(refused("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},NaN]}").contains("not valid JSON"));
    }
}
