package zmd.registry.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.introspection.GoodFaithIntrospection;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;
import graphql.validation.ValidationErrorType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/**
 * Every error leaves the server with a stable {@code extensions.code}. Refusals carry their message;
 * anything unexpected is logged with a reference and reported as INTERNAL without internals.
 */
public final class Errors implements DataFetcherExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    /** Database constraints are the last line of defence; these names get a human message. */
    private static final Map<String, ErrorCode> CONSTRAINT_CODES = Map.of(
            "mine_parcel_code_key", ErrorCode.CONFLICT,
            "listing_one_open_per_parcel", ErrorCode.CONFLICT,
            "listing_outcome_key_key", ErrorCode.CONFLICT,
            "base_price_no_overlap", ErrorCode.CONFLICT,
            "base_price_edition_name_key", ErrorCode.CONFLICT);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters params) {
        GraphQLError error = toError(params.getException(), params.getPath().toList(), params.getSourceLocation());
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    static GraphQLError toError(Throwable thrown, List<Object> path, graphql.language.SourceLocation location) {
        Throwable t = unwrap(thrown);
        GraphqlErrorBuilder<?> b = GraphqlErrorBuilder.newError().path(path).location(location);
        if (t instanceof RegistryException re) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("code", re.code().name());
            ext.putAll(re.details());
            return b.message(re.getMessage()).errorType(classification(re.code())).extensions(ext).build();
        }
        RegistryException fromDb = fromDatabase(t);
        if (fromDb != null) {
            return toError(fromDb, path, location);
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("internal error {} at {}", reference, path, t);
        return b.message("internal error (reference " + reference + "); nothing was changed by the failed field")
                .errorType(ErrorType.DataFetchingException)
                .extensions(Map.of("code", ErrorCode.INTERNAL.name(), "reference", reference))
                .build();
    }

    /**
     * Constraint violations that slipped past validation: still the caller's input, never a 500. A database that
     * cannot be reached, stalls or restarts is no bug either: DATABASE_UNAVAILABLE; a cancelled statement is TIMEOUT.
     */
    public static RegistryException fromDatabase(Throwable t) {
        SQLException sql = t instanceof DataAccessException dae ? dae.getCause(SQLException.class) : t instanceof SQLException s ? s : null;
        if (sql instanceof SQLTransientConnectionException || sql != null && unavailable(sql.getSQLState())) {
            return new RegistryException(ErrorCode.DATABASE_UNAVAILABLE, "the database is not answering or the connection to it was lost; "
                    + "retry shortly (a change that was being committed may or may not have been applied: read before you repeat it)");
        }
        if (sql == null || sql.getSQLState() == null) {
            return null;
        }
        String state = sql.getSQLState();
        String constraint = null;
        if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) {
            constraint = p.getServerErrorMessage().getConstraint();
        }
        if (state.startsWith("23")) {
            ErrorCode code = constraint != null ? CONSTRAINT_CODES.getOrDefault(constraint, ErrorCode.BAD_USER_INPUT) : ErrorCode.BAD_USER_INPUT;
            // The rule's name only: PostgreSQL's detail repeats the row (geometry as WKB hex) or the key.
            String message = "rejected by the register's rule " + (constraint != null ? constraint : state) + "; nothing was written";
            return new RegistryException(code, message, constraint != null ? Map.of("constraint", constraint) : Map.of());
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new RegistryException(ErrorCode.CONFLICT, "a concurrent change got there first; retry with the current data");
        }
        if (state.equals("57014")) {
            return new RegistryException(ErrorCode.TIMEOUT, "the request ran past its time budget and was abandoned; nothing was written. "
                    + "Ask for less (a smaller block, fewer rules or a smaller page)");
        }
        if (state.startsWith("22") || state.startsWith("XX") && sql.getMessage() != null && sql.getMessage().contains("GEOS")) {
            // PostgreSQL's own text may quote the value or name its types: the SQLSTATE says enough to look it up.
            return new RegistryException(ErrorCode.BAD_USER_INPUT, "a value is outside what the register can store (SQLSTATE " + state
                    + "); nothing was written");
        }
        return null;
    }

    /** Connection errors (08), the server shutting down or starting up (57P01-57P03), no free connection slot (53300). */
    private static boolean unavailable(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }

    /** The first line of a message (driver and parser messages go on with details nobody asked for). */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static ErrorClassification classification(ErrorCode code) {
        return switch (code) {
            case BAD_USER_INPUT, INVALID_GEOMETRY -> ErrorType.ValidationError;
            default -> ErrorType.DataFetchingException;
        };
    }

    /** graphql-java's own limits: fields after fragment expansion, nesting, and bad-faith introspection. */
    static boolean tooComplex(GraphQLError error) {
        if (error instanceof ValidationError v) {
            ValidationErrorClassification t = v.getValidationErrorType();
            return t == ValidationErrorType.MaxQueryFieldsExceeded || t == ValidationErrorType.MaxQueryDepthExceeded;
        }
        return error instanceof GoodFaithIntrospection.BadFaithIntrospectionError;
    }

    /**
     * The message sent for an error graphql-java raised. Its field-count refusal names the count where it stopped
     * counting, not the operation's size; say what the limit is and what counts.
     */
    public static String messageOf(GraphQLError error) {
        if (error instanceof ValidationError v && v.getValidationErrorType() == ValidationErrorType.MaxQueryFieldsExceeded) {
            return "the query selects more than " + GraphQLFactory.MAX_FIELDS + " fields once its fragments are expanded at every"
                    + " spread (each alias counts, __typename too); select fewer fields or page with first/after";
        }
        return error.getMessage();
    }

    /** The code for errors graphql-java raises itself (syntax, validation, variable coercion, limits). */
    public static ErrorCode codeOf(GraphQLError error) {
        ErrorClassification type = error.getErrorType();
        if (tooComplex(error)) {
            return ErrorCode.QUERY_TOO_COMPLEX;
        }
        if (type == ErrorType.InvalidSyntax) {
            return ErrorCode.GRAPHQL_PARSE_FAILED;
        }
        if (type == ErrorType.ValidationError) {
            return error.getMessage() != null && error.getMessage().contains("Variable '") ? ErrorCode.BAD_USER_INPUT : ErrorCode.GRAPHQL_VALIDATION_FAILED;
        }
        if (type == ErrorType.ExecutionAborted) {
            return ErrorCode.QUERY_TOO_COMPLEX;
        }
        if (error instanceof ValidationError) {
            return ErrorCode.GRAPHQL_VALIDATION_FAILED;
        }
        return ErrorCode.INTERNAL;
    }
}
