package zmd.registry.graphql;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.idl.TypeInfo;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zmd.registry.core.Dates;
import zmd.registry.core.Decimals;
import zmd.registry.core.ErrorCode;

/**
 * Checks every value a request carries before graphql-java coerces it, so that a refusal names the field (graphql-java
 * names only the variable) and no value reaches the database altered: no text with NUL (PostgreSQL refuses it with its
 * own message) or a lone surrogate (written as '?'), and no decimal or date outside what {@link Scalars} reads.
 */
final class InputChecks {
    /** A path longer than this (client-chosen keys) is cut: a message never repeats unbounded input. */
    private static final int MAX_PATH = 120;

    private InputChecks() {
    }

    /** Why a text cannot be stored as sent, or null when it can. */
    static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000), which the register cannot store";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a lone surrogate (U+" + Integer.toHexString(c).toUpperCase() + "), which is not a character";
            }
        }
        return null;
    }

    /** The first string literal of the document that cannot be stored, as an error naming its argument; null if none. */
    static GraphQLError literals(Document document) {
        GraphQLError[] found = new GraphQLError[1];
        new NodeTraverser().depthFirst(new NodeVisitorStub() {
            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                found[0] = literal(node.getValue(), node.getName());
                return found[0] == null ? TraversalControl.CONTINUE : TraversalControl.QUIT;
            }

            @Override
            public TraversalControl visitVariableDefinition(VariableDefinition node, TraverserContext<Node> context) {
                found[0] = node.getDefaultValue() == null ? null : literal(node.getDefaultValue(), "$" + node.getName());
                return found[0] == null ? TraversalControl.CONTINUE : TraversalControl.QUIT;
            }
        }, document);
        return found[0];
    }

    private static GraphQLError literal(Value<?> value, String path) {
        switch (value) {
            case StringValue s -> {
                String problem = textProblem(s.getValue());
                return problem == null ? null : error(path, problem);
            }
            case ObjectValue o -> {
                for (ObjectField f : o.getObjectFields()) {
                    GraphQLError e = literal(f.getValue(), path + "." + f.getName());
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            }
            case ArrayValue a -> {
                List<Value> values = a.getValues();
                for (int i = 0; i < values.size(); i++) {
                    GraphQLError e = literal(values.get(i), path + "[" + i + "]");
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static final Pattern ARGUMENT = Pattern.compile("argument '([^']{1,200})' with value ", Pattern.DOTALL);
    private static final List<String> VERDICTS = List.of("' must not be null", "' is not a valid '", "' must be an object type",
            "' is missing required fields '", "' contains a field not in '");
    private static final int MAX_VERDICT = 160;

    /**
     * graphql-java's refusal of a literal argument value (WrongType), as BAD_USER_INPUT naming the argument and without
     * the value it repeats (a literal may be 200,000 characters); any other error as it is.
     */
    static GraphQLError literalValue(GraphQLError error) {
        if (!(error instanceof ValidationError v) || v.getValidationErrorType() != ValidationErrorType.WrongType || v.getMessage() == null) {
            return error;
        }
        String message = v.getMessage();
        Matcher argument = ARGUMENT.matcher(message);
        int verdict = VERDICTS.stream().mapToInt(message::lastIndexOf).max().orElse(-1);
        if (!argument.find() || verdict < argument.end()) {
            return error;
        }
        String rest = message.substring(verdict + 2);
        String field = argument.group(1);
        return GraphqlErrorBuilder.newError()
                .message(field + " " + (rest.length() > MAX_VERDICT ? rest.substring(0, MAX_VERDICT) + "…" : rest))
                .locations(error.getLocations())
                .errorType(ErrorType.ValidationError)
                .extensions(Map.of("code", ErrorCode.BAD_USER_INPUT.name(), "field", field))
                .build();
    }

    /** The first variable value of the operation that cannot be read as sent, as an error naming it; null if none. */
    static GraphQLError variables(GraphQLSchema schema, Document document, String operationName, Map<String, Object> variables) {
        if (variables == null || variables.isEmpty()) {
            return null;
        }
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(op -> operationName == null || operationName.equals(op.getName())).findFirst().orElse(null);
        if (operation == null) {
            return null;
        }
        for (VariableDefinition d : operation.getVariableDefinitions()) {
            GraphQLType type = schema.getType(TypeInfo.typeInfo(d.getType()).getName());
            if (type != null && variables.containsKey(d.getName())) {
                Bad bad = value(wrap(type, d.getType()), variables.get(d.getName()), new StringBuilder(d.getName()));
                if (bad != null) {
                    return error(bad.path(), bad.problem());
                }
            }
        }
        return null;
    }

    /** The declared type of a variable: lists kept, non-null dropped (a null is graphql-java's to refuse). */
    private static GraphQLType wrap(GraphQLType named, graphql.language.Type<?> declared) {
        return switch (declared) {
            case graphql.language.NonNullType n -> wrap(named, n.getType());
            case graphql.language.ListType l -> GraphQLList.list(wrap(named, l.getType()));
            default -> named;
        };
    }

    /** A value that cannot be read as sent, and where it is. */
    private record Bad(String path, String problem) {
    }

    /** The first bad value under {@code value}, else null. */
    private static Bad value(GraphQLType declared, Object value, StringBuilder path) {
        GraphQLType type = declared instanceof GraphQLNonNull n ? n.getWrappedType() : declared;
        switch (value) {
            case null -> {
                return null;
            }
            case String s when type instanceof GraphQLScalarType scalar && !scalar.getName().equals("String")
                    && !scalar.getName().equals("ID") -> {
                String problem = textProblem(s);
                return problem != null ? at(path, problem) : scalar(scalar, s, path);
            }
            case String s -> {
                String problem = textProblem(s);
                return problem == null ? null : at(path, problem);
            }
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    int mark = path.length();
                    path.append('.').append(key);
                    String problem = textProblem(key);
                    GraphQLType fieldType = null;
                    if (type instanceof GraphQLInputObjectType object) {
                        GraphQLInputObjectField field = object.getField(key);
                        fieldType = field == null ? null : field.getType();
                    }
                    Bad found = problem != null ? at(path, "has a key that " + problem) : value(fieldType, e.getValue(), path);
                    if (found != null) {
                        return found;
                    }
                    path.setLength(mark);
                }
                return null;
            }
            case List<?> l -> {
                GraphQLType element = type instanceof GraphQLList list ? list.getWrappedType() : type;
                for (int i = 0; i < l.size(); i++) {
                    int mark = path.length();
                    path.append('[').append(i).append(']');
                    Bad found = value(element, l.get(i), path);
                    if (found != null) {
                        return found;
                    }
                    path.setLength(mark);
                }
                return null;
            }
            default -> {
                return type instanceof GraphQLScalarType scalar ? scalar(scalar, value, path) : null;
            }
        }
    }

    /** The checks of the scalars whose reading can alter a value: the scalar's own reading, with the path. */
    private static Bad scalar(GraphQLScalarType scalar, Object value, StringBuilder path) {
        try {
            if (scalar.getName().equals(Scalars.DECIMAL.getName())) {
                Decimals.of(value);
            } else if (scalar.getName().equals(Scalars.DATE.getName())) {
                Dates.parse(value);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return at(path, e.getMessage());
        }
    }

    private static Bad at(StringBuilder path, String problem) {
        return new Bad(path.toString(), problem);
    }

    private static GraphQLError error(String path, String problem) {
        String field = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path;
        return GraphqlErrorBuilder.newError()
                .message(field + ": " + problem)
                .errorType(ErrorType.ValidationError)
                .extensions(Map.of("code", ErrorCode.BAD_USER_INPUT.name(), "field", field))
                .build();
    }
}
