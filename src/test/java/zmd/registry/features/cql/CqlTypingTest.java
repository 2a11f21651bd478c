package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.features.Queryable;

/** What the translation refuses before any SQL: unknown properties and operands of the wrong type. */
class CqlTypingTest {
    private static final CqlToSql CQL = new CqlToSql(CqlTestTable.QUERYABLES);

    private static String refused(String text) {
        RegistryException e = assertThrows(RegistryException.class, () -> CQL.condition(Cql2Text.parse(text), 4326, false), text);
        assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        assertEquals("filter", e.details().get("field"));
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anUnknownPropertyIsNamedWithTheQueryables() {
        assertEquals("filter: unknown property 'nmae'; the queryables are area, code, d, flag, geom, id, name, price, seq, ts",
                refused("nmae = 'x'"));
        assertTrue(refused("NAME = 'x'").startsWith("filter: unknown property 'NAME'"), "property names are case-sensitive");
        assertTrue(refused("S_INTERSECTS(footprint, POINT(1 2))").startsWith("filter: unknown property 'footprint'"));
        assertTrue(refused("x".repeat(100) + " IS NULL").startsWith("filter: unknown property '" + "x".repeat(40) + "…' (100 characters)"));
    }

    @Test
    void literalsMustHaveThePropertysType() {
        assertEquals("filter: property 'name' is a string; expected a string in quotes to compare with it but found the number 5",
                refused("name = 5"));
        assertEquals("filter: property 'name' is a string; expected a string in quotes to compare with it but found the number 5",
                refused("5 = name"));
        assertEquals("filter: property 'd' is a date; expected DATE('YYYY-MM-DD') to compare with it but found the string '2020-01-01'",
                refused("d = '2020-01-01'"));
        assertEquals("filter: property 'd' is a date; expected DATE('YYYY-MM-DD') to compare with it but found TIMESTAMP('2020-01-01T00:00:00Z')",
                refused("d < TIMESTAMP('2020-01-01T00:00:00Z')"));
        assertEquals("filter: property 'ts' is a timestamp; expected TIMESTAMP('YYYY-MM-DDTHH:MM:SSZ') to compare with it but found DATE('2020-01-01')",
                refused("ts > DATE('2020-01-01')"));
        assertEquals("filter: property 'flag' is a boolean; expected TRUE or FALSE to compare with it but found the number 1", refused("flag = 1"));
        assertEquals("filter: property 'area' is a number; expected a number to compare with it but found the string '5'", refused("area IN (1, '5')"));
        assertEquals("filter: property 'id' is an integer; expected an integer to compare with it but found the number 1.5", refused("id = 1.5"));
        assertEquals("filter: the number 99999999999 is out of range for property 'id' (integer values, -2147483648 to 2147483647)",
                refused("id < 99999999999"));
        assertEquals("filter: property 'name' is a string; expected a string in quotes to compare with it but found property 'area'",
                refused("name = area"));
        assertEquals("filter: the string 'a' and the number 1 cannot be compared: a string and a number", refused("'a' = 1"));
        assertDoesNotThrow(() -> CQL.condition(Cql2Text.parse("area = 1.5 AND price = 1 AND seq = 10000000000 AND area = price"), 4326, false));
    }

    @Test
    void eachOperatorTakesItsOwnTypes() {
        assertEquals("filter: LIKE matches text; property 'area' is a number", refused("area LIKE '1%'"));
        assertEquals("filter: BETWEEN compares numbers, dates or timestamps; property 'name' is a string", refused("name BETWEEN 'a' AND 'b'"));
        assertEquals("filter: CASEI takes text; property 'area' is a number", refused("CASEI(area) = 'x'"));
        assertEquals("filter: S_INTERSECTS compares geometries; property 'name' is a string", refused("S_INTERSECTS(name, POINT(1 2))"));
        assertEquals("filter: S_WITHIN compares geometries; the number 5 is a number", refused("S_WITHIN(geom, 5)"));
        assertEquals("filter: property 'geom' is a geometry; geometries are compared with the spatial functions (S_INTERSECTS, S_WITHIN, ...),"
                + " not with =", refused("geom = POINT(1 2)"));
        assertEquals("filter: property 'geom' is a geometry; expected a geometry to compare with it but found the number 1", refused("geom = 1"));
        assertDoesNotThrow(() -> CQL.condition(Cql2Text.parse("geom IS NULL AND name IS NOT NULL AND CASEI(name) LIKE 'a%'"), 4326, false));
    }

    @Test
    void aValueAloneIsNotAFilter() {
        RegistryException e = assertThrows(RegistryException.class, () -> CQL.condition(new CqlExpr.PropertyRef("flag"), 4326, false));
        assertTrue(e.getMessage().startsWith("filter: a filter is a condition"), e.getMessage());
    }

    @Test
    void anUnsupportedFilterCrsIsRefusedOnThatParameter() {
        RegistryException e = assertThrows(RegistryException.class, () -> CQL.condition(Cql2Text.parse("TRUE"), 2000, false));
        assertEquals("filter-crs", e.details().get("field"));
        assertEquals("filter-crs: EPSG:2000 is not supported; use CRS84, EPSG:4326, EPSG:4490, EPSG:4547, EPSG:4526 or EPSG:3857", e.getMessage());
    }

    @Test
    void coordinatesOutsideTheFilterCrsAreRefused() {
        CqlExpr far = Cql2Text.parse("S_INTERSECTS(geom, POINT(1e9 1e9))");
        for (int srid : List.of(4326, 4490, 4547, 4526, 3857)) {
            RegistryException e = assertThrows(RegistryException.class, () -> CQL.condition(far, srid, false));
            assertTrue(e.getMessage().startsWith("filter: the POINT literal lies outside EPSG:" + srid), e.getMessage());
        }
        RegistryException e = assertThrows(RegistryException.class, () -> CQL.condition(Cql2Text.parse("S_INTERSECTS(geom, BBOX(0, 0, 200, 10))"), 4326, false));
        assertTrue(e.getMessage().startsWith("filter: the BBOX lies outside EPSG:4326"), e.getMessage());
    }

    @Test
    void theAllowListIsCheckedWhenTheServerIsWired() {
        var name = new Queryable("name", "Name", Queryable.Type.STRING, DSL.field("name", SQLDataType.CLOB));
        assertThrows(IllegalArgumentException.class, () -> new CqlToSql(List.of(name, name)));
        assertThrows(IllegalArgumentException.class,
                () -> new CqlToSql(List.of(new Queryable("geom", "Geometry", Queryable.Type.GEOMETRY, DSL.field("geom", SQLDataType.CLOB)))));
    }
}
