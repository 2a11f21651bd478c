package zmd.registry.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scalars of the schema: extended-scalars where they fit, and GeoJSON. */
public final class Scalars {
    private static final ObjectMapper JSON = new ObjectMapper();

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
                            return JSON.readValue(s, Object.class);
                        } catch (JsonProcessingException e) {
                            throw new CoercingParseValueException("GeoJSON text is not valid JSON: " + e.getOriginalMessage());
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

    /** The DateTime text of a timestamp in years 0 to 9999 with a whole-minute offset; null otherwise. */
    static String formatDateTime(OffsetDateTime t) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return null;
        }
        char[] c = new char[offset == 0 ? 24 : 29];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        if (offset == 0) {
            c[23] = 'Z';
        } else {
            int minutes = Math.abs(offset) / 60;
            c[23] = offset < 0 ? '-' : '+';
            digits(c, 24, minutes / 60, 2);
            c[26] = ':';
            digits(c, 27, minutes % 60, 2);
        }
        return new String(c);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static List<GraphQLScalarType> all() {
        return List.of(GEOJSON, ExtendedScalars.GraphQLBigDecimal, ExtendedScalars.Date, DATE_TIME, ExtendedScalars.Json);
    }
}
