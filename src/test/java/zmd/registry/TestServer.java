package zmd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.access.Role;
import zmd.registry.db.Database;
import zmd.registry.db.TestDatabase;
import zmd.registry.demo.DemoData;
import zmd.registry.http.App;
import zmd.registry.http.Limits;

/**
 * The real server for tests: a fresh migrated PostGIS database, the full registry, Javalin on a free
 * loopback port, and one API key per role. Requests go through HTTP exactly as clients send them.
 */
public final class TestServer implements AutoCloseable {
    /** Decimals are read exactly, as a client that cares about money and areas would. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    public final TestDatabase db;
    public final Registry registry;
    public final Javalin app;
    public final String editorKey;
    public final String viewerKey;
    public final String platformKey;
    private final HttpClient http = HttpClient.newHttpClient();
    /** A second node's own pool over the first node's database; null for the first, which owns the database. */
    private final Database nodeDatabase;
    /** In the replicated topology: the first node's pool (primary and replica), and the second node requests alternate with. */
    private final Database replicatedDatabase;
    private final TestServer secondNode;
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

    private TestServer(TestDatabase db, boolean demo, Function<Database, Registry> factory) {
        this(db, demo, factory, Limits.NO_RATE_LIMITS);
    }

    private TestServer(TestDatabase db, boolean demo, Function<Database, Registry> factory, Limits limits) {
        this.db = db;
        this.nodeDatabase = null;
        this.replicatedDatabase = TestDatabase.replicated() ? replicating(db) : null;
        this.registry = factory.apply(replicatedDatabase != null ? replicatedDatabase : db.database());
        if (demo) {
            DemoData.load(registry);
        }
        this.editorKey = registry.apiKeys().create(Role.STAFF_EDITOR, "test editor").key();
        this.viewerKey = registry.apiKeys().create(Role.STAFF_VIEWER, "test viewer").key();
        this.platformKey = registry.apiKeys().create(Role.PLATFORM, "test platform").key();
        // Tests drive hundreds of requests a second from one address: limits only where a test asks for them.
        this.app = App.create(registry, limits).start("127.0.0.1", 0);
        this.secondNode = replicatedDatabase != null ? new TestServer(this, replicating(db), factory) : null;
    }

    /**
     * A pool over the test database on the primary and on the shared standby (reads go to the standby). Small: a test
     * server is two of them, and the contract test keeps a server per state it needs (max_connections is 100).
     */
    private static Database replicating(TestDatabase db) {
        return Database.connect(db.url(), java.util.List.of(db.on(TestDatabase.sharedStandby())), 3, "registry-test-replicated",
                Database.DEFAULT_BUDGET, java.time.Duration.ofSeconds(2));
    }

    private TestServer(TestServer first, Database database, Function<Database, Registry> factory) {
        this.db = first.db;
        this.nodeDatabase = database;
        this.replicatedDatabase = null;
        this.secondNode = null;
        this.registry = factory.apply(nodeDatabase);
        this.editorKey = first.editorKey;
        this.viewerKey = first.viewerKey;
        this.platformKey = first.platformKey;
        this.app = App.create(registry, Limits.NO_RATE_LIMITS).start("127.0.0.1", 0);
    }

    /**
     * Another API node over this server's database: its own pool, registry and port, the same keys; as a second
     * server behind a load balancer would be. Close it before this one.
     */
    public TestServer anotherNode(Function<Database, Registry> factory) {
        return anotherNode(Database.connect(db.url(), 8, "registry-test-node"), factory);
    }

    /** Another API node over this server's database, through {@code database} (e.g. with replicas); closes it. */
    public TestServer anotherNode(Database database, Function<Database, Registry> factory) {
        return new TestServer(this, database, factory);
    }

    /** A server over an empty register (counties and units only). */
    public static TestServer empty() {
        return new TestServer(TestDatabase.create(), false, Registry::new);
    }

    /** A server over an empty register whose registry is built by {@code registry} (e.g. another clock or overlap check). */
    public static TestServer empty(Function<Database, Registry> registry) {
        return new TestServer(TestDatabase.create(), false, registry);
    }

    /** A server over an empty register with these time and rate limits. */
    public static TestServer empty(Limits limits) {
        return new TestServer(TestDatabase.create(), false, Registry::new, limits);
    }

    /** A server over the 11 demo blocks of the 2020 plan. */
    public static TestServer withDemoData() {
        return new TestServer(TestDatabase.create(), true, Registry::new);
    }

    /** A server over the 11 demo blocks whose registry is built by {@code registry} (e.g. another import directory). */
    public static TestServer withDemoData(Function<Database, Registry> registry) {
        return new TestServer(TestDatabase.create(), true, registry);
    }

    /** The URL of a path on this server; in the replicated topology, on its two nodes in turn. */
    public String url(String path) {
        int port = secondNode != null && turn.getAndIncrement() % 2 == 1 ? secondNode.app.port() : app.port();
        return "http://127.0.0.1:" + port + path;
    }

    /** POSTs a GraphQL request and returns the whole response body (data and errors). */
    public JsonNode graphql(String key, String query, Map<String, ?> variables) {
        try {
            String body = JSON.writeValueAsString(variables == null ? Map.of("query", query) : Map.of("query", query, "variables", variables));
            HttpResponse<String> response = post("/graphql", body, key, "application/json");
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode graphql(String key, String query) {
        return graphql(key, query, null);
    }

    /** data of a request that must succeed; fails with the errors otherwise. */
    public JsonNode data(String key, String query, Map<String, ?> variables) {
        JsonNode response = graphql(key, query, variables);
        if (response.has("errors")) {
            throw new AssertionError("unexpected errors: " + response.get("errors"));
        }
        return response.get("data");
    }

    public JsonNode data(String key, String query) {
        return data(key, query, null);
    }

    public HttpResponse<String> post(String path, String body, String key, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String pathAndQuery, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first error's extensions.code, or null. */
    public static String errorCode(JsonNode response) {
        JsonNode errors = response.get("errors");
        return errors == null || errors.isEmpty() ? null : errors.get(0).at("/extensions/code").asText(null);
    }

    public static String errorMessage(JsonNode response) {
        JsonNode errors = response.get("errors");
        return errors == null || errors.isEmpty() ? null : errors.get(0).get("message").asText();
    }

    @Override
    public void close() {
        if (secondNode != null) {
            secondNode.close();
        }
        app.stop();
        if (replicatedDatabase != null) {
            replicatedDatabase.close();
        }
        if (nodeDatabase != null) {
            nodeDatabase.close();
        } else {
            db.close();
        }
    }
}
