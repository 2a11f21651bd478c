package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Comparator;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.features.Queryable;
import zmd.registry.features.cql.CqlExpr.Scalar;

/**
 * Translates a parsed filter to a jOOQ condition over the queryables' fields. Every literal is a bind value; only
 * allow-listed properties reach SQL. Operands must have the same type (CQL2 lets a server refuse rather than cast),
 * and a literal compared with a property is bound as that property's column type, so that indexes stay usable.
 */
public final class CqlToSql {
    /** The filter-crs codes this translation accepts. */
    /** The SRIDs of the CRSs features are filtered in (CRS84 and EPSG:4326 share one). */
    static final Set<Integer> SRIDS = java.util.Arrays.stream(zmd.registry.features.FeatureCrs.values())
            .map(zmd.registry.features.FeatureCrs::srid).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private enum Kind {
        STRING("a string", "a string in quotes"), NUMBER("a number", "a number"), BOOLEAN("a boolean", "TRUE or FALSE"),
        DATE("a date", "DATE('YYYY-MM-DD')"), TIMESTAMP("a timestamp", "TIMESTAMP('YYYY-MM-DDTHH:MM:SSZ')"),
        GEOMETRY("a geometry", "a geometry");

        final String noun;
        final String literal;

        Kind(String noun, String literal) {
            this.noun = noun;
            this.literal = literal;
        }

        static Kind of(Queryable.Type type) {
            return switch (type) {
                case STRING -> STRING;
                case INTEGER, NUMBER -> NUMBER;
                case BOOLEAN -> BOOLEAN;
                case DATE -> DATE;
                case TIMESTAMP -> TIMESTAMP;
                case GEOMETRY -> GEOMETRY;
            };
        }
    }

    /** A translated operand: its type, its SQL, how messages name it, and whether it reads a property. */
    private record Operand(Kind kind, Field<Object> field, String label, boolean property) {
    }

    private final Map<String, Queryable> queryables = new LinkedHashMap<>();

    /** queryables: by name (case-sensitive, as CQL2 says property names are), the allow-list. */
    public CqlToSql(List<Queryable> queryables) {
        for (Queryable q : queryables) {
            if (this.queryables.put(q.name(), q) != null) {
                throw new IllegalArgumentException("queryable " + q.name() + " is listed twice");
            }
            if (q.type() == Queryable.Type.GEOMETRY && !Geometry.class.isAssignableFrom(q.field().getType())) {
                throw new IllegalArgumentException("queryable " + q.name() + " is GEOMETRY but its field reads " + q.field().getType());
            }
        }
    }

    /**
     * filterSrid: the EPSG code of geometry literals (filter-crs): 4326 (also used for CRS84), 4490, 4547, 4526 or 3857.
     * swapAxes: true when the filter-crs's axis order is not x/y; literal coordinates are then swapped before use.
     * Geometry literals are transformed to the storage CRS EPSG:4490 of the GEOMETRY queryable's field.
     */
    public Condition condition(CqlExpr expr, int filterSrid, boolean swapAxes) {
        if (!SRIDS.contains(filterSrid)) {
            throw RegistryException.badInput("filter-crs", "filter-crs: EPSG:" + filterSrid
                    + " is not supported; use CRS84, EPSG:4326, EPSG:4490, EPSG:4547, EPSG:4526 or EPSG:3857");
        }
        if (!(expr instanceof CqlExpr.Predicate p)) {
            throw CqlLimits.refuse("a filter is a condition (a comparison, LIKE, IN, BETWEEN, IS NULL, a spatial function, "
                    + "TRUE or FALSE), not a value alone");
        }
        return new Translation(filterSrid, swapAxes).predicate(p);
    }

    /** One translation: the filter CRS, and the count of geometry literals for messages. */
    private final class Translation {
        private final int srid;
        private final boolean swap;
        private int geometries;

        Translation(int srid, boolean swap) {
            this.srid = srid;
            this.swap = swap;
        }

        Condition predicate(CqlExpr.Predicate p) {
            return switch (p) {
                case CqlExpr.And and -> DSL.and(and.args().stream().map(this::predicate).toList());
                case CqlExpr.Or or -> DSL.or(or.args().stream().map(this::predicate).toList());
                case CqlExpr.Not not -> DSL.not(predicate(not.arg()));
                case CqlExpr.BooleanLiteral b -> b.value() ? DSL.trueCondition() : DSL.falseCondition();
                case CqlExpr.Comparison c -> comparison(c);
                case CqlExpr.Like like -> like(like);
                case CqlExpr.In in -> {
                    List<Scalar> all = new ArrayList<>(List.of(in.value()));
                    all.addAll(in.list());
                    List<Operand> ops = comparable("IN", all);
                    yield ops.getFirst().field().in(ops.subList(1, ops.size()).stream().map(Operand::field).toArray(Field<?>[]::new));
                }
                case CqlExpr.Between between -> {
                    List<Operand> ops = comparable("BETWEEN", List.of(between.value(), between.low(), between.high()));
                    Kind kind = ops.getFirst().kind();
                    if (kind != Kind.NUMBER && kind != Kind.DATE && kind != Kind.TIMESTAMP) {
                        throw CqlLimits.refuse("BETWEEN compares numbers, dates or timestamps; " + ops.getFirst().label() + " is " + kind.noun);
                    }
                    yield ops.get(0).field().between(ops.get(1).field(), ops.get(2).field());
                }
                case CqlExpr.IsNull isNull -> operand(isNull.value(), null).field().isNull();
                case CqlExpr.SpatialPredicate s -> CqlSpatial.predicate(s.op(), geometry(s, s.left()), geometry(s, s.right()));
            };
        }

        private Condition comparison(CqlExpr.Comparison c) {
            List<Operand> ops = comparable(c.op().symbol(), List.of(c.left(), c.right()));
            Comparator comparator = switch (c.op()) {
                case EQ -> Comparator.EQUALS;
                case NE -> Comparator.NOT_EQUALS;
                case LT -> Comparator.LESS;
                case GT -> Comparator.GREATER;
                case LE -> Comparator.LESS_OR_EQUAL;
                case GE -> Comparator.GREATER_OR_EQUAL;
            };
            return ops.get(0).field().compare(comparator, ops.get(1).field());
        }

        @SuppressWarnings("unchecked")
        private Condition like(CqlExpr.Like like) {
            Operand value = operand(like.value(), null);
            if (value.kind() != Kind.STRING) {
                throw CqlLimits.refuse("LIKE matches text; " + value.label() + " is " + value.kind().noun);
            }
            Scalar pattern = like.pattern();
            boolean lower = pattern instanceof CqlExpr.CaseI;
            while (pattern instanceof CqlExpr.CaseI casei) {
                pattern = casei.arg();
            }
            if (!(pattern instanceof CqlExpr.StringLiteral s)) {
                throw CqlLimits.refuse("the pattern of LIKE must be a string in quotes, e.g. 'abc%'");
            }
            if (endsWithEscape(s.value())) {
                throw CqlLimits.refuse("the LIKE pattern " + Texts.quoted(s.value()) + " ends with the escape character \\;"
                        + " write \\\\ for a backslash, \\% and \\_ for a literal % and _");
            }
            Field<String> p = DSL.val(s.value(), SQLDataType.VARCHAR);
            // The pattern passes as it is: CQL2's wildcards (% and _) and escape (\) are SQL's with ESCAPE '\'.
            return ((Field<String>) (Field<?>) value.field()).like(lower ? DSL.lower(p) : p, '\\');
        }

        /** Translates operands that must share one type; a literal takes the type of the first property among them. */
        private List<Operand> comparable(String what, List<Scalar> scalars) {
            Queryable context = scalars.stream().map(this::property).filter(q -> q != null).findFirst().orElse(null);
            List<Operand> ops = new ArrayList<>();
            for (Scalar s : scalars) {
                ops.add(operand(s, context));
            }
            Operand first = ops.getFirst();
            for (Operand o : ops) {
                if (o.kind() != first.kind() && !first.property() && !o.property()) {
                    throw CqlLimits.refuse(first.label() + " and " + o.label() + " cannot be compared: " + first.kind().noun
                            + " and " + o.kind().noun);
                }
                if (o.kind() != first.kind()) {
                    Operand named = first.property() || !o.property() ? first : o;
                    Operand other = named == first ? o : first;
                    throw CqlLimits.refuse(named.label() + " is " + named.kind().noun + "; expected " + named.kind().literal
                            + " to compare with it but found " + other.label());
                }
            }
            if (first.kind() == Kind.GEOMETRY) {
                throw CqlLimits.refuse(first.label() + " is a geometry; geometries are compared with the spatial functions"
                        + " (S_INTERSECTS, S_WITHIN, ...), not with " + what);
            }
            return ops;
        }

        /** The property a scalar reads, through CASEI; null for a literal. */
        private Queryable property(Scalar s) {
            return switch (s) {
                case CqlExpr.PropertyRef p -> lookup(p.name());
                case CqlExpr.CaseI c -> property(c.arg());
                default -> null;
            };
        }

        @SuppressWarnings("unchecked")
        private Operand operand(Scalar s, Queryable context) {
            return switch (s) {
                case CqlExpr.PropertyRef p -> {
                    Queryable q = lookup(p.name());
                    yield new Operand(Kind.of(q.type()), (Field<Object>) q.field(), "property " + Texts.quoted(q.name()), true);
                }
                case CqlExpr.CaseI c -> {
                    Operand inner = operand(c.arg(), context);
                    if (inner.kind() != Kind.STRING) {
                        throw CqlLimits.refuse("CASEI takes text; " + inner.label() + " is " + inner.kind().noun);
                    }
                    Field<String> lower = DSL.lower((Field<String>) (Field<?>) inner.field());
                    yield new Operand(Kind.STRING, (Field<Object>) (Field<?>) lower, "CASEI(" + inner.label() + ")", inner.property());
                }
                case CqlExpr.StringLiteral l -> literal(Kind.STRING, DSL.val(l.value(), SQLDataType.VARCHAR),
                        "the string " + Texts.quoted(l.value()), context);
                case CqlExpr.NumberLiteral n -> number(n.value(), context);
                case CqlExpr.BooleanLiteral b -> literal(Kind.BOOLEAN, DSL.val(b.value(), SQLDataType.BOOLEAN),
                        b.value() ? "TRUE" : "FALSE", context);
                case CqlExpr.DateLiteral d -> literal(Kind.DATE, DSL.val(d.value(), SQLDataType.LOCALDATE),
                        "DATE('" + d.value() + "')", context);
                case CqlExpr.TimestampLiteral t -> literal(Kind.TIMESTAMP, DSL.val(t.value(), SQLDataType.TIMESTAMPWITHTIMEZONE),
                        "TIMESTAMP('" + t.value().toInstant() + "')", context);
                case CqlExpr.GeometryLiteral g -> new Operand(Kind.GEOMETRY, (Field<Object>) (Field<?>) geometryLiteral(g),
                        "the " + g.typeName() + " literal", false);
                case CqlExpr.BboxLiteral b -> new Operand(Kind.GEOMETRY,
                        (Field<Object>) (Field<?>) CqlSpatial.bbox(b, srid, swap), "the BBOX", false);
            };
        }

        @SuppressWarnings("unchecked")
        private Operand literal(Kind kind, Field<?> value, String label, Queryable context) {
            if (context != null && Kind.of(context.type()) != kind) {
                Kind expected = Kind.of(context.type());
                throw CqlLimits.refuse("property " + Texts.quoted(context.name()) + " is " + expected.noun + "; expected "
                        + expected.literal + " to compare with it but found " + label);
            }
            return new Operand(kind, (Field<Object>) value, label, false);
        }

        /** A number bound as the column it meets is typed: an int column is compared with an int, a double with a double. */
        @SuppressWarnings("unchecked")
        private Operand number(BigDecimal n, Queryable context) {
            String label = "the number " + n.toPlainString().replaceFirst("^(.{40}).+", "$1…");
            if (context == null || context.type() != Queryable.Type.INTEGER && context.type() != Queryable.Type.NUMBER) {
                return literal(Kind.NUMBER, DSL.val(n, SQLDataType.NUMERIC), label, context);
            }
            Class<?> type = context.field().getType();
            String name = Texts.quoted(context.name());
            if (context.type() == Queryable.Type.INTEGER && n.stripTrailingZeros().scale() > 0) {
                throw CqlLimits.refuse("property " + name + " is an integer; expected an integer to compare with it but found " + label);
            }
            try {
                Field<?> value = type == Integer.class && context.type() == Queryable.Type.INTEGER ? DSL.val(n.intValueExact(), SQLDataType.INTEGER)
                        : type == Long.class && context.type() == Queryable.Type.INTEGER ? DSL.val(n.longValueExact(), SQLDataType.BIGINT)
                        : type == Short.class && context.type() == Queryable.Type.INTEGER ? DSL.val(n.shortValueExact(), SQLDataType.SMALLINT)
                        : type == Double.class || type == Float.class ? DSL.val(n.doubleValue(), SQLDataType.DOUBLE)
                        : DSL.val(n, SQLDataType.NUMERIC);
                return new Operand(Kind.NUMBER, (Field<Object>) value, label, false);
            } catch (ArithmeticException e) {
                throw CqlLimits.refuse(label + " is out of range for property " + name + " (" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                        + " values, " + range(type) + ")");
            }
        }

        private Field<Geometry> geometry(CqlExpr.SpatialPredicate s, Scalar arg) {
            Operand o = operand(arg, null);
            if (o.kind() != Kind.GEOMETRY) {
                throw CqlLimits.refuse(s.op() + " compares geometries; " + o.label() + " is " + o.kind().noun);
            }
            @SuppressWarnings("unchecked")
            Field<Geometry> g = (Field<Geometry>) (Field<?>) o.field();
            return g;
        }

        private Field<Geometry> geometryLiteral(CqlExpr.GeometryLiteral g) {
            geometries++;
            String label = "the " + g.typeName() + " literal" + (geometries > 1 ? " (geometry " + geometries + " of the filter)" : "");
            return CqlSpatial.literal(g.value(), srid, swap, label);
        }
    }

    private Queryable lookup(String name) {
        Queryable q = queryables.get(name);
        if (q == null) {
            throw CqlLimits.refuse("unknown property " + Texts.quoted(name) + "; the queryables are "
                    + String.join(", ", new TreeSet<>(queryables.keySet())));
        }
        return q;
    }

    private static String range(Class<?> type) {
        return type == Integer.class ? Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                : type == Short.class ? Short.MIN_VALUE + " to " + Short.MAX_VALUE
                : Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }

    /** True when a pattern ends in a backslash that escapes nothing (SQL would fail on it). */
    static boolean endsWithEscape(String pattern) {
        int backslashes = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
