package zmd.registry.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.RawValue;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import zmd.registry.core.Dates;
import zmd.registry.core.Decimals;
import zmd.registry.core.GeoJson;

/** The scalars of the schema: extended-scalars where they fit, and GeoJSON. */
public final class Scalars {
    /** GeoJSON sent as text: one JSON value, each key once, as request bodies are read. */
    private static final ObjectReader GEOJSON_TEXT = new ObjectMapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .forType(Object.class);

    private Scalars() {
    }

    public static final GraphQLScalarType GEOJSON = GraphQLScalarType.newScalar()
            .name("GeoJSON")
            .description("A GeoJSON geometry object (RFC 7946). Output is EPSG:4326 unless a crs argument says otherwise.")
            .coercing(new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof GeoJson g) {
                        return new RawValue(new Utf8Json(g.utf8()));
                    }
                    return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof Map<?, ?> || input instanceof List<?>) {
                        return input;
                    }
                    if (input instanceof String s) {
                        try {
                            return GEOJSON_TEXT.readValue(s);
                        } catch (JsonProcessingException e) {
                            // Located, not quoted: the parser's own message names Java types and repeats tokens.
                            throw new CoercingParseValueException("GeoJSON text is not one JSON value with each key once"
                                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
                        }
                    }
                    throw new CoercingParseValueException("GeoJSON must be a JSON object");
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    try {
                        return ExtendedScalars.Json.getCoercing().parseLiteral(input, variables, context, locale);
                    } catch (CoercingParseLiteralException e) {
                        throw new CoercingParseLiteralException("GeoJSON must be a JSON object: " + e.getMessage());
                    }
                }
            })
            .build();

    /**
     * extended-scalars' DateTime, with its output format (yyyy-MM-dd'T'HH:mm:ss.SSS and Z or +hh:mm) written without a
     * DateTimeFormatter for the timestamps the database returns: formatting was a seventh of the server's time on a
     * page of the change feed. Anything else goes to the library's own serialization.
     */
    public static final GraphQLScalarType DATE_TIME = ExtendedScalars.DateTime.transform(b -> b.coercing(new Coercing<Object, Object>() {
        @SuppressWarnings("unchecked")
        private final Coercing<Object, Object> library = (Coercing<Object, Object>) ExtendedScalars.DateTime.getCoercing();

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof OffsetDateTime t) {
                String fast = formatDateTime(t);
                if (fast != null) {
                    return fast;
                }
            }
            return library.serialize(value, context, locale);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return library.parseValue(input, context, locale);
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return library.parseLiteral(input, variables, context, locale);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return library.valueToLiteral(input, context, locale);
        }
    }));

    /**
     * extended-scalars' BigDecimal, read through {@link Decimals}: bounded before anything else touches the number,
     * and never written back in a message.
     */
    public static final GraphQLScalarType DECIMAL = readStrictly(ExtendedScalars.GraphQLBigDecimal, Decimals::of, literal -> switch (literal) {
        case StringValue s -> Decimals.parse(s.getValue());
        case IntValue i -> Decimals.of(i.getValue());
        case FloatValue f -> Decimals.of(f.getValue());
        default -> throw new IllegalArgumentException("expected a decimal number or its text");
    });

    /**
     * extended-scalars' Date, read strictly: the library's pattern resolves 2020-02-30 to 2020-02-29, and its messages
     * repeat the text sent.
     */
    public static final GraphQLScalarType DATE = readStrictly(ExtendedScalars.Date, Dates::parse,
            literal -> Dates.parse(literal instanceof StringValue s ? s.getValue() : literal));

    /**
     * A library scalar written as the library writes it, read by our own rule: {@code read} and {@code readLiteral}
     * throw IllegalArgumentException with a message that does not repeat the input.
     */
    private static GraphQLScalarType readStrictly(GraphQLScalarType base, Function<Object, Object> read, Function<Value<?>, Object> readLiteral) {
        @SuppressWarnings("unchecked")
        Coercing<Object, Object> library = (Coercing<Object, Object>) base.getCoercing();
        return base.transform(b -> b.coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return library.serialize(value, context, locale);
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                try {
                    return read.apply(input);
                } catch (IllegalArgumentException e) {
                    throw new CoercingParseValueException(e.getMessage());
                }
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                try {
                    return readLiteral.apply(input);
                } catch (IllegalArgumentException e) {
                    throw new CoercingParseLiteralException(e.getMessage());
                }
            }

            @Override
            public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
                return library.valueToLiteral(input, context, locale);
            }
        }));
    }


    /** The DateTime text of a timestamp in years 0 to 9999 with a whole-minute offset; null otherwise. */
    static String formatDateTime(OffsetDateTime t) {
        byte[] b = new byte[DATE_TIME_MAX_LENGTH];
        int n = formatDateTime(t, b);
        return n < 0 ? null : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The longest DateTime text {@link #formatDateTime(OffsetDateTime, byte[])} writes. */
    static final int DATE_TIME_MAX_LENGTH = 29;

    /**
     * Writes the DateTime text (ASCII) of a timestamp in years 0 to 9999 with a whole-minute offset into {@code b}
     * and answers its length; -1, writing nothing, for any other timestamp (the library formats those).
     */
    static int formatDateTime(OffsetDateTime t, byte[] b) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return -1;
        }
        date(b, year, t.getMonthValue(), t.getDayOfMonth());
        b[10] = 'T';
        digits(b, 11, t.getHour(), 2);
        b[13] = ':';
        digits(b, 14, t.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, t.getSecond(), 2);
        b[19] = '.';
        digits(b, 20, t.getNano() / 1_000_000, 3);
        if (offset == 0) {
            b[23] = 'Z';
            return 24;
        }
        int minutes = Math.abs(offset) / 60;
        b[23] = (byte) (offset < 0 ? '-' : '+');
        digits(b, 24, minutes / 60, 2);
        b[26] = ':';
        digits(b, 27, minutes % 60, 2);
        return 29;
    }

    /**
     * Writes the Date text (ASCII, yyyy-MM-dd as extended-scalars' Date writes it) of a date in years 1 to 9999 into
     * {@code b} and answers its length; -1, writing nothing, for any other date (the library formats those: its
     * pattern's year is the year of the era, so year 0 is written 0001).
     */
    static int formatDate(LocalDate d, byte[] b) {
        int year = d.getYear();
        if (year < 1 || year > 9999) {
            return -1;
        }
        date(b, year, d.getMonthValue(), d.getDayOfMonth());
        return 10;
    }

    /** yyyy-MM-dd into the first ten bytes. */
    private static void date(byte[] b, int year, int month, int day) {
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, month, 2);
        b[7] = '-';
        digits(b, 8, day, 2);
    }

    private static void digits(byte[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** Writes a UUID's 36-character text (ASCII), exactly as {@link UUID#toString()} has it, into {@code b}. */
    static void formatUuid(UUID id, byte[] b) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        hex(b, 0, hi >>> 32, 8);
        b[8] = '-';
        hex(b, 9, hi >>> 16, 4);
        b[13] = '-';
        hex(b, 14, hi, 4);
        b[18] = '-';
        hex(b, 19, lo >>> 48, 4);
        b[23] = '-';
        hex(b, 24, lo, 12);
    }

    private static void hex(byte[] into, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    public static List<GraphQLScalarType> all() {
        return List.of(GEOJSON, DECIMAL, DATE, DATE_TIME, ExtendedScalars.Json);
    }
}
