package zmd.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.Registry;
import zmd.registry.compliance.ReportRoutes;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.graphql.Errors;
import zmd.registry.graphql.ResponseJson;
import zmd.registry.ogc.OgcApi;

/** The HTTP server: routes and the one place where exceptions become status codes. */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final String READ_ROUTE = "registry.readRoute";

    private App() {
    }

    /** The server with the limits of the environment (REQUEST_TIMEOUT_MS, RATE_LIMIT_*). */
    public static Javalin create(Registry registry) {
        return create(registry, Limits.fromEnv(System.getenv()));
    }

    public static Javalin create(Registry registry, Limits limits) {
        ObjectMapper json = ResponseJson.MAPPER;
        PrometheusMeterRegistry meters = registry.meters();
        RateLimits rateLimits = new RateLimits(limits);
        GraphQLHttp graphql = new GraphQLHttp(registry.graphql(), registry.apiKeys(), json, meters, rateLimits, limits.budget());
        Counter refused = GraphQLHttp.responses(meters, "refused");
        Counter failed = GraphQLHttp.responses(meters, "failed");
        GraphQLWebSocket websocket = new GraphQLWebSocket(registry.graphql(), registry.apiKeys(), json, limits.budget(), rateLimits);
        String graphiql = resource("/graphiql/index.html");
        Health health = new Health(registry.database());
        return Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64L * 1024 * 1024;
            config.staticFiles.enableWebjars();
            config.routes.before(RequestIds::of); // every response names its request, errors included
            config.routes.post("/graphql", graphql::post);
            config.routes.get("/graphql", graphql::get);
            config.routes.wsBeforeUpgrade("/graphql", rateLimits::byAddress);
            config.routes.ws("/graphql", websocket::configure);
            config.routes.get("/graphiql", ctx -> ctx.html(graphiql));
            MapPage.routes(config); // GET /map, /map/map.js, /map/map.css: the staff map, from the jar
            config.routes.get("/", ctx -> ctx.redirect("/graphiql"));
            config.routes.get("/health", ctx -> health.answer(ctx, json));
            // GET /reports/{id}.pdf, /reports/{id}.json, /reports/public-key: compliance reports and their key.
            new ReportRoutes(registry.compliance(), registry.reportPdf(), ctx -> rateLimits.admit(ctx, registry.apiKeys()), registry.accessLog())
                    .routes(config);
            // OGC API and tiles only read: their statements may go to a replica (closed after the response).
            new OgcApi(registry, ctx -> {
                var caller = rateLimits.admit(ctx, registry.apiKeys());
                ctx.attribute(READ_ROUTE, registry.database().readOnlyRequest(caller.keyId()));
                return caller;
            }, limits.budget()).routes(config);
            config.routes.after(OgcApi.PREFIX + "/*", ctx -> {
                AutoCloseable route = ctx.attribute(READ_ROUTE);
                if (route != null) {
                    route.close();
                }
            });
            // Counts only (no registry data), in the Prometheus text format, for the bureau's monitoring.
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
            config.routes.exception(GraphQLHttp.HttpError.class, (e, ctx) -> {
                refused.increment();
                error(ctx, json, e.status(), e.code(), e.getMessage());
            });
            config.routes.exception(RegistryException.class, (e, ctx) -> {
                HttpStatus status = statusOf(e.code());
                (status.getCode() >= 500 ? failed : refused).increment();
                error(ctx, json, status, e.code(), e.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                failed.increment();
                RegistryException fromDb = Errors.fromDatabase(e);
                if (fromDb != null) {
                    // Authentication reads the database before GraphQL runs: a stalled database is no bug there either.
                    error(ctx, json, statusOf(fromDb.code()), fromDb.code(), fromDb.getMessage());
                    return;
                }
                String reference = UUID.randomUUID().toString().substring(0, 8);
                log.error("internal error {} on {} {}", reference, ctx.method(), ctx.path(), e);
                error(ctx, json, HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error (reference " + reference + ")");
            });
        });
    }

    static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case TIMEOUT, DATABASE_UNAVAILABLE, ACCESS_NOT_RECORDED -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    private static void error(Context ctx, ObjectMapper json, HttpStatus status, ErrorCode code, String message) {
        if (status == HttpStatus.UNAUTHORIZED) {
            // RFC 9110: a 401 names the schemes that would do.
            ctx.header("WWW-Authenticate", RateLimits.basicAllowed(ctx) ? "Bearer realm=\"registry\", Basic realm=\"registry\"" : "Bearer realm=\"registry\"");
        }
        if (ctx.path().startsWith(OgcApi.PREFIX)) {
            // OGC API exceptions: {code, description}, which GDAL and QGIS show to their users.
            ctx.status(status).contentType("application/json; charset=utf-8").result(OgcApi.error(code.name(), message, status.getCode()));
            return;
        }
        try {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", message);
            error.put("extensions", Map.of("code", code.name()));
            ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(Map.of("errors", List.of(error))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = App.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(path + " missing from the build", e);
        }
    }
}
