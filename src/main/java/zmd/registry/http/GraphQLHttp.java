package zmd.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.RequestBudget;
import zmd.registry.graphql.Errors;
import zmd.registry.graphql.GraphQLFactory;
import zmd.registry.graphql.ResponseJson;

/**
 * GraphQL over HTTP: POST with a JSON body, GET for queries. Answers application/graphql-response+json
 * when the client accepts it (then a request that cannot execute gets 400), else application/json.
 */
public final class GraphQLHttp {
    private static final Logger LOG = LoggerFactory.getLogger(GraphQLHttp.class);
    public static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

    private final GraphQLFactory graphql;
    private final ApiKeys apiKeys;
    private final ObjectMapper json;
    private final RequestJson requests;

    private final Counter answered;
    private final Counter answeredWithErrors;
    private final RateLimits rateLimits;
    private final Duration budget;

    GraphQLHttp(GraphQLFactory graphql, ApiKeys apiKeys, ObjectMapper json, MeterRegistry meters, RateLimits rateLimits, Duration budget) {
        this.graphql = graphql;
        this.apiKeys = apiKeys;
        this.json = json;
        this.rateLimits = rateLimits;
        this.budget = budget;
        this.requests = new RequestJson(json);
        this.answered = responses(meters, "data");
        this.answeredWithErrors = responses(meters, "errors");
    }

    /**
     * The count of responses by outcome: data (a GraphQL result without errors), errors (a GraphQL result with
     * errors, with or without data, whatever its HTTP status), refused (a request answered with a 4xx before
     * GraphQL ran: no key, not JSON, no query) and failed (500). Operators watch it; the benchmark reads it to prove
     * that no answer it timed was an error.
     */
    static Counter responses(MeterRegistry meters, String outcome) {
        return Counter.builder("graphql.responses").tag("outcome", outcome).description("GraphQL responses over HTTP by outcome")
                .register(meters);
    }

    public void post(Context ctx) {
        // The header as sent: the servlet's own reading of it throws on an unknown charset.
        String header = ctx.header("Content-Type");
        String type = header == null ? "" : header.toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/json") && !type.startsWith(GRAPHQL_RESPONSE)) {
            throw new HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.BAD_REQUEST, "send the request as Content-Type: application/json");
        }
        RequestJson.requireUtf8(type);
        Map<?, ?> body = requests.object(ctx.bodyAsBytes(), "the request body is not a JSON object");
        if (body == null) {
            throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "the request body is empty");
        }
        execute(ctx, body.get("query"), body.get("operationName"), body.get("variables"), false);
    }

    public void get(Context ctx) {
        // As for a body's keys: a parameter given twice is refused, not settled by taking one of them.
        for (String name : List.of("query", "variables", "operationName")) {
            if (ctx.queryParams(name).size() > 1) {
                throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "the parameter " + name + " appears more than once");
            }
        }
        Object variables = null;
        String v = ctx.queryParam("variables");
        if (v != null && !v.isBlank()) {
            variables = requests.value(v, "the variables parameter is not JSON");
        }
        execute(ctx, ctx.queryParam("query"), ctx.queryParam("operationName"), variables, true);
    }

    private void execute(Context ctx, Object query, Object operationName, Object variables, boolean viaGet) {
        if (!(query instanceof String q) || q.isBlank()) {
            throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "the request has no query");
        }
        if (operationName != null && !(operationName instanceof String)) {
            throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "operationName must be a string");
        }
        if (variables != null && !(variables instanceof Map<?, ?>)) {
            throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "variables must be a JSON object");
        }
        if (viaGet && isMutation(q, (String) operationName)) {
            ctx.header("Allow", "POST");
            throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.BAD_REQUEST, "mutations must be sent with POST");
        }
        Caller caller = rateLimits.admit(ctx, apiKeys);
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = variables == null ? Map.of() : (Map<String, Object>) variables;
        ExecutionResult result;
        try (RequestBudget b = RequestBudget.start(budget); ClientGone ignored = ClientGone.watch(ctx, b)) {
            result = graphql.execute(q, (String) operationName, vars, caller, AccessProtocol.GRAPHQL_HTTP);
        }
        if (result.isDataPresent() && result.getData() instanceof Publisher<?>) {
            // Not subscribed to, so nothing was registered: the stream is simply dropped.
            throw new HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST,
                    "subscriptions run over WebSocket at /graphql with the graphql-transport-ws protocol, not over HTTP");
        }
        (result.getErrors().isEmpty() ? answered : answeredWithErrors).increment();
        boolean modern = accepts(ctx, GRAPHQL_RESPONSE);
        HttpStatus unavailable = unavailable(result);
        ctx.status(unavailable != null ? unavailable : modern && !result.isDataPresent() ? HttpStatus.BAD_REQUEST : HttpStatus.OK);
        ctx.contentType((modern ? GRAPHQL_RESPONSE : "application/json") + "; charset=utf-8");
        // Written whole, then handed to the response stream in one write: no copy to a result stream and back, and
        // the stream still decides on compression by the whole length.
        ByteArrayOutputStream body = new ByteArrayOutputStream(ResponseJson.estimatedLength(result.getData()));
        try {
            json.writeValue(body, toSpecification(result));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the GraphQL response", e);
        }
        try {
            body.writeTo(ctx.outputStream());
        } catch (IOException e) {
            // The client went away: nobody is left to answer.
            LOG.debug("response not delivered: {}", e.toString());
        }
    }

    static Map<String, Object> toSpecification(ExecutionResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (GraphQLError e : result.getErrors()) {
                Map<String, Object> spec = new LinkedHashMap<>(e.toSpecification());
                @SuppressWarnings("unchecked")
                Map<String, Object> ext = spec.get("extensions") instanceof Map<?, ?> m
                        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                ext.putIfAbsent("code", Errors.codeOf(e).name());
                ext.remove("classification");
                spec.put("message", Errors.messageOf(e));
                spec.put("extensions", ext);
                errors.add(spec);
            }
            out.put("errors", errors);
        }
        if (result.isDataPresent()) {
            out.put("data", result.getData());
        }
        return out;
    }

    /** 503 when the answer is (partly) missing because the database, the time budget or the access log failed: retry later, not a bad request. */
    private static HttpStatus unavailable(ExecutionResult result) {
        for (GraphQLError e : result.getErrors()) {
            Object code = e.getExtensions() == null ? null : e.getExtensions().get("code");
            if (ErrorCode.TIMEOUT.name().equals(code) || ErrorCode.DATABASE_UNAVAILABLE.name().equals(code)
                    || ErrorCode.ACCESS_NOT_RECORDED.name().equals(code)) {
                return App.statusOf(ErrorCode.valueOf((String) code));
            }
        }
        return null;
    }

    private static boolean isMutation(String query, String operationName) {
        try {
            Document doc = Parser.parse(query);
            return doc.getDefinitionsOfType(OperationDefinition.class).stream()
                    .filter(op -> operationName == null || operationName.equals(op.getName()))
                    .anyMatch(op -> op.getOperation() != OperationDefinition.Operation.QUERY);
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    private static boolean accepts(Context ctx, String mediaType) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase().contains(mediaType);
    }

    /** A request-level failure (before GraphQL execution) with its HTTP status. */
    public static final class HttpError extends RegistryException {
        private final HttpStatus status;

        public HttpError(HttpStatus status, ErrorCode code, String message) {
            super(code, message);
            this.status = status;
        }

        public HttpStatus status() {
            return status;
        }
    }
}
