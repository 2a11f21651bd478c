package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * A parsed CQL2 filter, the same tree whether it came as CQL2 text or CQL2 JSON. The negated forms of the text
 * ({@code NOT LIKE}, {@code NOT IN}, {@code NOT BETWEEN}, {@code IS NOT NULL}) are {@link Not} around the plain
 * predicate, as CQL2 JSON writes them. Literals are as sent: geometry coordinates are in the filter's CRS and axis
 * order, which only the translation knows.
 */
public sealed interface CqlExpr {

    /** A node that is true or false: what AND, OR, NOT and a whole filter are made of. */
    sealed interface Predicate extends CqlExpr {
    }

    /** A value: a property, a literal, or CASEI of a character value. */
    sealed interface Scalar extends CqlExpr {
    }

    record And(List<Predicate> args) implements Predicate {
        public And {
            args = List.copyOf(args);
        }
    }

    record Or(List<Predicate> args) implements Predicate {
        public Or {
            args = List.copyOf(args);
        }
    }

    record Not(Predicate arg) implements Predicate {
        public Not {
            Objects.requireNonNull(arg);
        }
    }

    enum ComparisonOp {
        EQ("="), NE("<>"), LT("<"), GT(">"), LE("<="), GE(">=");

        private final String symbol;

        ComparisonOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator written as in CQL2 text and JSON ("<=" ...), or null. */
        static ComparisonOp of(String symbol) {
            for (ComparisonOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    record Comparison(ComparisonOp op, Scalar left, Scalar right) implements Predicate {
    }

    /** {@code value LIKE pattern}; the pattern is a {@link StringLiteral}, or {@link CaseI} of one. */
    record Like(Scalar value, Scalar pattern) implements Predicate {
    }

    record In(Scalar value, List<Scalar> list) implements Predicate {
        public In {
            list = List.copyOf(list);
        }
    }

    record Between(Scalar value, Scalar low, Scalar high) implements Predicate {
    }

    record IsNull(Scalar value) implements Predicate {
    }

    enum SpatialOp {
        S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS;

        /** The function named in text (any case) or JSON ("s_intersects"), or null. */
        static SpatialOp of(String name) {
            for (SpatialOp op : values()) {
                if (op.name().equalsIgnoreCase(name)) {
                    return op;
                }
            }
            return null;
        }
    }

    record SpatialPredicate(SpatialOp op, Scalar left, Scalar right) implements Predicate {
    }

    record PropertyRef(String name) implements Scalar {
    }

    /** Case-insensitive comparison of a character value: {@code CASEI(x)}, translated to lower(x). */
    record CaseI(Scalar arg) implements Scalar {
    }

    record StringLiteral(String value) implements Scalar {
    }

    /** A number as written; trailing zeros dropped so that 0.10 and 0.1 are the same literal. */
    record NumberLiteral(BigDecimal value) implements Scalar {
        public NumberLiteral {
            value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }
    }

    /** TRUE or FALSE: a value to compare, and also a predicate by itself. */
    record BooleanLiteral(boolean value) implements Scalar, Predicate {
    }

    record DateLiteral(LocalDate value) implements Scalar {
    }

    /** A CQL2 timestamp is always UTC ("...Z"). */
    record TimestampLiteral(OffsetDateTime value) implements Scalar {
    }

    /** A WKT or GeoJSON geometry, 2D, coordinates in the filter CRS's axis order, SRID unset. */
    record GeometryLiteral(Geometry value) implements Scalar {
        /** The geometry type as CQL2 text names it (POLYGON ...), for messages. */
        public String typeName() {
            return value.getGeometryType().toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** {@code BBOX(minx, miny, maxx, maxy)} in the filter CRS's axis order (elevations, if sent, are dropped). */
    record BboxLiteral(double minX, double minY, double maxX, double maxY) implements Scalar {
    }
}
