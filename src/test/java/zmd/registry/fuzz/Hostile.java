package zmd.registry.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import zmd.registry.fuzz.Json.Raw;

/** Hostile values of each scalar type of the SDL, drawn from a seeded random source. */
final class Hostile {
    private final Random random;

    Hostile(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    static final List<Object> DECIMALS = List.of(
            "1e1000000000", "1e-2147483647", "1e2147483648", "5e2147483648", "-1e2147483647", "1E+999999999",
            new Raw("1e1000000000"), new Raw("1e-2147483647"), new Raw("5e2147483648"), new Raw("1e400"),
            "NaN", "Infinity", "-Infinity", "-0", "0", "-1", "-0.01", "0.001", "1.005", "1.", ".5", "+1", "1e",
            "0x1F", "1_000", " 1", "1 ", "１２３", "1,5", "", "abc", "12345678901234567890123456789012345678901234567890.123",
            "0." + "0".repeat(400) + "1", "9".repeat(1000), true, List.of("1"), Map.of("v", 1));

    static final List<Object> INTS = List.of(2147483648L, -2147483649L, new Raw("1e3"), new Raw("1.5"), "1", "",
            new Raw("99999999999999999999999"), -1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, true, new Raw("-0"));

    static final List<Object> FLOATS = List.of(new Raw("1e309"), new Raw("-1e309"), new Raw("1e-400"), 1e308, -1e308,
            "NaN", "Infinity", "1.5", "", -0.0, new Raw("1" + "0".repeat(400)), new Raw("4.9e-324"), true);

    static final List<Object> DATES = List.of("2020-02-30", "2021-02-29", "2020-13-01", "2020-00-10", "2020-04-31",
            "0000-01-01", "+10000-01-01", "-0001-01-01", "2020-1-5", "20200105", "2020/01/05", "2020-01-05T00:00:00Z",
            " 2020-01-05", "2020-01-05 ", "2020-01-05\u0000", "", "9999-12-31", "0001-01-01", "2020-W01-1", "2020-001",
            "٢٠٢٠-٠١-٠٥", new Raw("20200105"), "2020-02-29x");

    static final List<Object> DATE_TIMES = List.of("2020-02-30T10:00:00+08:00", "2020-01-01T24:00:00Z",
            "2020-01-01T10:00:00", "2020-01-01T10:00:00+25:00", "2020-01-01T10:00:60Z", "1e10", new Raw("1577836800"),
            "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2020-01-01", "2020-01-01T10:00:00.123456789123Z",
            "2020-01-01t10:00:00z", "2020-01-01T10:00:00+08:00[Asia/Shanghai]", "", "now");

    static final List<Object> IDS = List.of("0", "-1", "99999999999999999999", "abc", "", "bnVsbA==", "e30=",
            "00000000-0000-0000-0000-000000000000", "1 OR 1=1", "1\u0000", new Raw("1e400"), new Raw("-0"));

    /** Cursors for every {@code after}: base64 of null, of {}, of a huge number, and plain garbage. */
    static final List<Object> CURSORS = List.of("bnVsbA==", "e30=", "W10=", "MWU0MDA=", "LTE=", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
            "!!!", "", "AAAA", "=", "eyJhIjoxfQ==", "bnVsbA", "\u0000", "a".repeat(5000));

    /**
     * Per type, the values the issue found stored other than sent (exponents past int range stored as 1.00 and 5,
     * a 30 February stored as the 29th, a lone surrogate stored as '?'), and their near relatives: each is sent in
     * every input field of its type of every mutation.
     */
    static final Map<String, List<Object>> ONCE_ALTERED = Map.of(
            "BigDecimal", List.of("1e2147483648", "5e2147483648", "1.005", "0.1e1"),
            "Date", List.of("2020-02-30", "2021-02-29", "2020-04-31"),
            "DateTime", List.of("2031-02-30T10:00:00+08:00"),
            "String", List.of("a\ud800b", "a\u0000b", "\u0001x\t\n", " x "));

    /** A string value, hostile in one of the ways that once reached the database altered or as its error text. */
    String string() {
        return switch (random.nextInt(15)) {
            case 0 -> "a\ud800b";
            case 1 -> "a\udc00";
            case 2 -> "a\u0000b";
            case 3 -> "x".repeat(100_000);
            case 4 -> "\u0001\u001b[31m\u007f\t\r\n";
            case 5 -> "\ufeff\u202e名称\u200b";
            case 6 -> "\ud840\udc00 𠀀 e\u0301";
            case 7 -> "Robert'); DROP TABLE mine_parcel;--";
            case 8 -> "%s%n${jndi:ldap://127.0.0.1/x}<script>";
            case 9 -> "   ";
            case 10 -> "";
            case 11 -> "\ud800".repeat(1000);
            case 12 -> "名".repeat(20_000);
            case 13 -> "../../../../etc/passwd";
            default -> "\\u0000\\";
        };
    }

    /** A hostile value of the named scalar or enum type; {@code values} are the enum's values, empty for scalars. */
    Object of(String type, String argumentName, List<String> values) {
        if (argumentName.equals("after")) {
            return pick(CURSORS);
        }
        return switch (type) {
            case "BigDecimal" -> pick(DECIMALS);
            case "Int" -> pick(INTS);
            case "Float" -> pick(FLOATS);
            case "Date" -> pick(DATES);
            case "DateTime" -> pick(DATE_TIMES);
            case "ID" -> pick(IDS);
            case "Boolean" -> pick(List.of("true", 1, new Raw("0"), ""));
            case "JSON", "GeoJSON" -> geoJson();
            case "String" -> string();
            default -> values.isEmpty() ? string() : pick(List.of(values.get(0).toLowerCase(Locale.ROOT), "NOPE", 1, "", values.get(0) + "\u0000"));
        };
    }

    /** A broken geometry in one of the three input forms of GeometryInput. */
    Map<String, Object> geometryInput() {
        Map<String, Object> g = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> g.put("wkt", wkt());
            case 1 -> g.put("geojson", geoJson());
            case 2 -> g.put("cornerPoints", cornerPoints());
            default -> {
                g.put("wkt", Plausible.rectangleWkt(random));
                g.put("geojson", geoJson());
                g.put("srid", pick(List.of(0, -1, 3857, 99999, 4490, 4547, 4526, new Raw("4326.5"), "4326")));
            }
        }
        return g;
    }

    String wkt() {
        return switch (random.nextInt(16)) {
            case 0 -> "GEOMETRYCOLLECTION(".repeat(20_000 - random.nextInt(19_000)) + "POINT(1 2)";
            case 1 -> "POLYGON((nan nan,1 1,1 0,nan nan))";
            case 2 -> "POLYGON((0 0,1 1,1 0,0 1,0 0))";
            case 3 -> "POLYGON EMPTY";
            case 4 -> "POINT(113.5 33.0)";
            case 5 -> "POLYGON((113 33,113.1 33,113.1 33.1,113 33.1))";
            case 6 -> "POLYGON((1e400 0,1 1,1 0,1e400 0))";
            case 7 -> "SRID=99999;POLYGON((0 0,0 1,1 1,0 0))";
            case 8 -> "SRID=-1;" + Plausible.rectangleWkt(random);
            case 9 -> zigZag(200 + random.nextInt(1_800));
            case 10 -> "POLYGON((" + "113 33,".repeat(60_000) + "113 33))";
            case 11 -> "MULTIPOLYGON(((inf 0,1 1,1 0,inf 0)))";
            case 12 -> "POLYGON((113 33,113.1 33,113.1 33.1,113 33.1,113 33)" + ",(0 0,0 1,1 1,0 0)".repeat(2_000) + ")";
            case 13 -> "POLYGON((113 33 5 6 7,113.1 33,113.1 33.1,113 33))";
            case 14 -> Plausible.rectangleWkt(random).replace("))", ")) trailing");
            default -> "POLYGON((113 33,113.1 33,113.1 33.1,113 33.1,113 33)";
        };
    }

    /**
     * A comb-shaped polygon near Mount Tongbai whose teeth overlap the demo blocks: an overlap check must cut it
     * against every feature, the cost that grew with the square of the vertex count in the issue.
     */
    static String zigZag(int vertices) {
        int teeth = Math.max(2, vertices / 2);
        double x0 = 113.40;
        double x1 = 113.90;
        double step = (x1 - x0) / teeth;
        StringBuilder b = new StringBuilder("POLYGON((");
        b.append(String.format(Locale.ROOT, "%.7f %.7f", x0, 32.90));
        for (int i = 0; i < teeth; i++) {
            double x = x0 + i * step;
            b.append(String.format(Locale.ROOT, ",%.7f %.7f,%.7f %.7f", x, 33.30, x + step / 2, 32.95));
        }
        b.append(String.format(Locale.ROOT, ",%.7f %.7f,%.7f %.7f))", x1, 33.30, x1, 32.90));
        b.replace(b.length() - 2, b.length(), String.format(Locale.ROOT, ",%.7f %.7f))", x0, 32.90));
        return b.toString();
    }

    Object geoJson() {
        return switch (random.nextInt(12)) {
            case 0 -> Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of("NaN", "NaN"), List.of(1, 1), List.of(1, 0), List.of("NaN", "NaN"))));
            case 1 -> nested(5_000 + random.nextInt(20_000));
            case 2 -> Map.of("type", "Polygon");
            case 3 -> Map.of("type", "Feature", "geometry", Map.of("type", "GeometryCollection", "geometries",
                    List.of(Map.of("type", "GeometryCollection", "geometries", List.of()))));
            case 4 -> "POLYGON((0 0,1 1,1 0,0 0))";
            case 5 -> Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(0, 0), List.of(1, 1), List.of(1, 0), List.of(0, 1), List.of(0, 0))));
            case 6 -> Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(new Raw("1e400"), 0), List.of(1, 1), List.of(1, 0), List.of(new Raw("1e400"), 0))));
            case 7 -> Map.of("type", "MultiPolygon", "coordinates", List.of());
            case 8 -> Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of("113", "33"), List.of(113.1, 33), List.of(113.1, 33.1), List.of("113", "33"))));
            case 9 -> Map.of("type", "Polygon", "crs", Map.of("type", "name", "properties", Map.of("name", "EPSG:99999")),
                    "coordinates", List.of(List.of(List.of(113, 33), List.of(113.1, 33), List.of(113.1, 33.1), List.of(113, 33))));
            case 10 -> Collections.nCopies(3, Map.of("type", "Point", "coordinates", List.of(1, 2)));
            default -> Map.of("type", "FeatureCollection", "features", Collections.nCopies(2, Map.of("type", "Feature")));
        };
    }

    private static Object nested(int depth) {
        return new Raw("{\"type\":\"Polygon\",\"coordinates\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
    }

    Map<String, Object> cornerPoints() {
        List<Object> points = new ArrayList<>();
        int kind = random.nextInt(7);
        int n = switch (kind) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 60_000;
            default -> 3 + random.nextInt(6);
        };
        for (int i = 0; i < n; i++) {
            Object x = switch (kind) {
                case 3 -> new Raw("1e309");
                case 4 -> "NaN";
                default -> 3_641_000.0 + (i % 2) * 500 + random.nextInt(3);
            };
            Object y = kind == 5 ? -38_445_000.0 : 38_445_000.0 + ((i / 2) % 2) * 500;
            points.add(Map.of("no", kind == 6 ? -1 : i + 1, "x", x, "y", y));
        }
        return Map.of("zonePrefixed", random.nextBoolean(), "rings", List.of(Map.of("hole", kind == 6, "points", points)));
    }
}
