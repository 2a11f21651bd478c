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
                        return new RawValue(g.json());
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

    public static List<GraphQLScalarType> all() {
        return List.of(GEOJSON, ExtendedScalars.GraphQLBigDecimal, ExtendedScalars.Date, ExtendedScalars.DateTime, ExtendedScalars.Json);
    }
}
