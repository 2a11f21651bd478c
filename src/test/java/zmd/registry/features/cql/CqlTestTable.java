package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.features.Queryable;
import zmd.registry.features.Queryable.Type;
import zmd.registry.geo.Spatial;

/** A small table of quarries near Zhumadian (lon 114, lat 33) and its queryables, for translation tests. */
final class CqlTestTable {
    static final Table<?> T = DSL.table(DSL.name("cql_t"));
    static final Field<Integer> ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER);
    static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.CLOB);
    static final Field<String> CODE = DSL.field(DSL.name("code"), SQLDataType.CLOB);
    static final Field<Double> AREA = DSL.field(DSL.name("area"), SQLDataType.DOUBLE);
    static final Field<BigDecimal> PRICE = DSL.field(DSL.name("price"), SQLDataType.NUMERIC(10, 2));
    static final Field<Long> SEQ = DSL.field(DSL.name("seq"), SQLDataType.BIGINT);
    static final Field<LocalDate> D = DSL.field(DSL.name("d"), SQLDataType.LOCALDATE);
    static final Field<OffsetDateTime> TS = DSL.field(DSL.name("ts"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<Boolean> FLAG = DSL.field(DSL.name("flag"), SQLDataType.BOOLEAN);
    static final Field<Geometry> GEOM = DSL.field(DSL.name("geom"), Spatial.GEOMETRY);

    static final List<Queryable> QUERYABLES = List.of(
            new Queryable("id", "Id", Type.INTEGER, ID),
            new Queryable("name", "Name", Type.STRING, NAME),
            new Queryable("code", "Code", Type.STRING, CODE),
            new Queryable("area", "Area", Type.NUMBER, AREA),
            new Queryable("price", "Price", Type.NUMBER, PRICE),
            new Queryable("seq", "Sequence", Type.INTEGER, SEQ),
            new Queryable("d", "Day", Type.DATE, D),
            new Queryable("ts", "Time", Type.TIMESTAMP, TS),
            new Queryable("flag", "Flag", Type.BOOLEAN, FLAG),
            new Queryable("geom", "Geometry", Type.GEOMETRY, GEOM));

    private CqlTestTable() {
    }

    /** Squares of 0.01°: 1 at (114, 33), 2 east of it, 3 north of 1 sharing its edge, 4 without geometry, 5 far south-west. */
    static void create(DSLContext dsl) {
        dsl.execute("CREATE TABLE cql_t (id int, name text, code text, area double precision, price numeric(10,2), seq bigint,"
                + " d date, ts timestamptz, flag boolean, geom geometry(MultiPolygon,4490))");
        dsl.execute("INSERT INTO cql_t VALUES"
                + " (1, 'Alpha Quarry', 'alpha quarry', 10.5, 100.00, 10000000001, '2020-01-01', '2020-01-01T00:00:00Z', true, "
                + square(114.00, 33.00) + "),"
                + " (2, 'beta_pit', 'BETA_PIT', 20, 20.00, 2, '2021-06-15', '2021-06-15T12:00:00Z', false, " + square(114.02, 33.00) + "),"
                + " (3, '100% sand', 'x', null, 5.50, 3, null, null, null, " + square(114.00, 33.01) + "),"
                + " (4, null, null, 30, 300.00, null, '2022-12-31', '2022-12-31T23:59:59Z', true, null),"
                + " (5, 'O''Brien\\clay', 'o''brien\\clay', -15, 0, 5, '2019-05-05', '2019-05-05T05:05:05Z', false, "
                + square(113.50, 32.50) + ")");
    }

    private static String square(double x, double y) {
        double e = 0.01;
        return "ST_GeomFromText('MULTIPOLYGON(((%s %s, %s %s, %s %s, %s %s, %s %s)))', 4490)".formatted(
                x, y, x + e, y, x + e, y + e, x, y + e, x, y);
    }
}
