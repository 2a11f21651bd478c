package zmd.registry.graphql;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.util.RawValue;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The writers of {@link DirectJson}'s leaf values: scalars and enums, as the schema serializes them. */
final class DirectLeaves {
    private DirectLeaves() {
    }

    /** Writes a non-null leaf value (scalar, enum, or a list of them) as the schema serializes it. */
    @FunctionalInterface
    interface Leaf {
        void write(JsonBytes out, Object value, DirectJson.Plan<?> plan) throws IOException;
    }

    /**
     * The writer of a leaf type, chosen once per compiled field: the commonest values of a page (timestamps, dates,
     * UUID ids, exact decimals, strings, enums) are written as their scalars serialize them without the text, copy or
     * lookups in between (a third of a feed page was these); any other value goes through the scalar's serialize.
     * Null for a type that is no leaf (a shape declaring a value for an object field): the ordinary path answers.
     */
    static Leaf leaf(GraphQLType type) {
        GraphQLType t = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
        if (t instanceof GraphQLList list) {
            Leaf item = leaf(list.getWrappedType());
            if (item == null) {
                return null;
            }
            boolean itemsNonNull = list.getWrappedType() instanceof GraphQLNonNull;
            return (out, value, plan) -> {
                out.raw((byte) '[');
                boolean first = true;
                for (Object v : (Iterable<?>) value) {
                    if (!first) {
                        out.raw((byte) ',');
                    }
                    first = false;
                    if (v != null) {
                        item.write(out, v, plan);
                    } else if (itemsNonNull) {
                        throw new DirectJson.NullInNonNull("list item");
                    } else {
                        out.nullValue();
                    }
                }
                out.raw((byte) ']');
            };
        }
        if (t instanceof GraphQLEnumType e) {
            return enumLeaf(e);
        }
        if (!(t instanceof GraphQLScalarType scalar)) {
            return null;
        }
        Coercing<?, ?> coercing = scalar.getCoercing();
        // Compared by coercing: the schema holds copies of the scalar types, with the same coercing.
        if (coercing == DATE_TIME) {
            return asciiLeaf(scalar, (value, b) -> value instanceof OffsetDateTime time ? Scalars.formatDateTime(time, b) : -1);
        }
        if (coercing == DATE) {
            return asciiLeaf(scalar, (value, b) -> value instanceof LocalDate date ? Scalars.formatDate(date, b) : -1);
        }
        if (coercing == ID) {
            return (out, value, plan) -> {
                if (value instanceof UUID id) {
                    Scalars.formatUuid(id, plan.scratch);
                    out.quotedAscii(plan.scratch, 36);
                } else if (value instanceof String text) {
                    out.string(text);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == BIG_DECIMAL) {
            // The library's serialize is new BigDecimal(d.toString()): the same value and scale.
            return (out, value, plan) -> {
                if (!(value instanceof BigDecimal d && out.number(d))) {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == STRING) {
            return (out, value, plan) -> {
                if (value instanceof String text) {
                    out.string(text);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == INT) {
            return (out, value, plan) -> {
                if (value instanceof Integer i) {
                    out.number(i);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        return (out, value, plan) -> serialized(out, scalar, value, plan);
    }

    /** Formats a value as ASCII text into a buffer and answers its length, or -1 for a value it does not format. */
    @FunctionalInterface
    private interface AsciiFormat {
        int format(Object value, byte[] into);
    }

    /** A scalar whose common values are formatted as quoted ASCII; any other value goes through its serialize. */
    private static Leaf asciiLeaf(GraphQLScalarType scalar, AsciiFormat format) {
        return (out, value, plan) -> {
            int n = format.format(value, plan.scratch);
            if (n < 0) {
                serialized(out, scalar, value, plan);
            } else {
                out.quotedAscii(plan.scratch, n);
            }
        };
    }

    /**
     * Enum values written by name, each looked up and encoded once: graphql-java finds a value's name by a linear
     * search of the type's values, a twelfth of a feed page written. A value that does not serialize is not kept.
     */
    private static Leaf enumLeaf(GraphQLEnumType type) {
        Map<Object, Object> names = new ConcurrentHashMap<>();
        return (out, value, plan) -> {
            Object name = names.get(value);
            if (name == null) {
                Object serialized = type.serialize(value, plan.graphQlContext, plan.locale);
                name = serialized instanceof String text ? quoted(text) : serialized;
                names.put(value, name);
            }
            if (name instanceof byte[] json) {
                out.raw(json);
            } else {
                writeSerialized(out, name);
            }
        };
    }

    private static void serialized(JsonBytes out, GraphQLScalarType scalar, Object value, DirectJson.Plan<?> plan) throws IOException {
        writeSerialized(out, scalar.getCoercing().serialize(value, plan.graphQlContext, plan.locale));
    }

    /** A serialized value written as the response mapper writes it: the common forms here, anything else by the mapper. */
    private static void writeSerialized(JsonBytes out, Object v) throws IOException {
        if (v instanceof String s) {
            out.string(s);
        } else if (v instanceof Integer i) {
            out.number(i);
        } else if (v instanceof Long l) {
            out.number(l);
        } else if (v instanceof Boolean b) {
            out.bool(b);
        } else if (v instanceof Double d && out.number(d)) {
            return;
        } else if (v instanceof BigDecimal d && out.number(d)) {
            return;
        } else if (v instanceof RawValue r && r.rawValue() instanceof SerializableString json) {
            out.raw(json.asUnquotedUTF8());
        } else if (v instanceof RawValue r && r.rawValue() instanceof String json) {
            out.raw(json.getBytes(StandardCharsets.UTF_8));
        } else {
            out.raw(ResponseJson.MAPPER.writeValueAsBytes(v));
        }
    }

    /** A string as its quoted JSON bytes. */
    static byte[] quoted(String text) {
        JsonBytes out = new JsonBytes(text.length() + 2);
        out.string(text);
        return out.toByteArray();
    }

    private static final Coercing<?, ?> DATE_TIME = Scalars.DATE_TIME.getCoercing();
    private static final Coercing<?, ?> DATE = ExtendedScalars.Date.getCoercing();
    private static final Coercing<?, ?> ID = graphql.Scalars.GraphQLID.getCoercing();
    private static final Coercing<?, ?> STRING = graphql.Scalars.GraphQLString.getCoercing();
    private static final Coercing<?, ?> INT = graphql.Scalars.GraphQLInt.getCoercing();
    private static final Coercing<?, ?> BIG_DECIMAL = ExtendedScalars.GraphQLBigDecimal.getCoercing();
}
