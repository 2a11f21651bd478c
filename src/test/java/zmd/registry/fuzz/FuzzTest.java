package zmd.registry.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.TestDatabase;

/**
 * Hostile and careless requests over real HTTP against a real server with the demo register: malformed bodies and
 * documents, the worst requests, and every query and mutation of the SDL with hostile argument values.
 * Every answer: no 5xx, no INTERNAL, a code on every error, messages short and free of Java names and SQL, an
 * answer within the timeout. Every mutation: read back exactly as sent, or refused with the register unchanged.
 * The seed is printed; rerun one with {@code -Dfuzz.seed=N}; {@code -Dfuzz.rounds=N} sets the size of the run.
 */
class FuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20260210L);
    /** Rounds over every query and mutation: about 30 operations per round. */
    static final int ROUNDS = Integer.getInteger("fuzz.rounds", 80);
    private static TestDatabase db;
    private static ForkedServer server;
    private static Register register;
    private static Random random;
    private static Operations operations;

    @BeforeAll
    static void start() {
        System.out.println("fuzz seed " + SEED + " (rerun with -Dfuzz.seed=" + SEED + ")");
        db = TestDatabase.create();
        server = new ForkedServer(db);
        register = new Register(db);
        random = new Random(SEED);
        JsonNode ids = read(post(server.editorKey, "application/json",
                "{\"query\":\"{ mineParcels(first: 200) { nodes { id } } listings(first: 200) { nodes { id } } }\"}"));
        List<String> parcels = ids.at("/data/mineParcels/nodes").findValuesAsText("id");
        List<String> listings = ids.at("/data/listings/nodes").findValuesAsText("id");
        Hostile hostile = new Hostile(random);
        operations = new Operations(random, hostile, new Plausible(random, parcels, listings));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (register != null) {
            register.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void malformedBodiesAndDocumentsAreRefusedCleanly() {
        Failures failures = new Failures("malformed");
        List<Malformed.Body> bodies = new ArrayList<>(Malformed.catalogue());
        String valid = Json.write(Map.of("query", "query($c: String!) { county(codeOrName: $c) { code name } }",
                "variables", Map.of("c", "泌阳县")));
        for (int i = 0; i < 300; i++) {
            bodies.add(Malformed.damaged(random, valid));
        }
        for (Malformed.Body b : bodies) {
            for (String key : List.of(server.editorKey, "")) {
                var answer = post(key.isEmpty() ? null : key, b.contentType(), b.body());
                String what = b.what() + (key.isEmpty() ? " (anonymous)" : "");
                failures.check(what, b.body(), answer);
                failures.expect(b.expect(), what, b.body(), answer);
            }
        }
        // GET carries the request in the URL: the same properties hold there, and a mutation must not run.
        for (String query : List.of("query=%7B__typename%7D&variables=nope", "query=%7B__typename%7D&variables=%5B1%5D",
                "query=mutation%7BwithdrawListing(id%3A%220%22%2Creason%3A%22x%22)%7Bid%7D%7D", "query=%25%25%25", "variables=%7B%7D",
                "query=" + "%7B".repeat(3_000), "query=%7B__typename%7D&operationName=%00", "query=%7B__typename%7D&query=%7BapiVersion%7D")) {
            var answer = server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql?" + query))).GET()
                    .header("Authorization", "Bearer " + server.editorKey));
            failures.check("GET " + Json.abbreviate(query, 60), query, answer);
            // Each is broken; two queries in one URL are as ambiguous as a duplicate JSON key (not last-one-wins).
            failures.expect(Malformed.Expect.REFUSED, "GET " + Json.abbreviate(query, 60), query, answer);
        }
        failures.assertNone();
    }

    @Test
    void everyQueryAndMutationWithHostileArguments() {
        Failures failures = new Failures("operations");
        List<GraphQLFieldDefinition> queries = operations.queries();
        List<GraphQLFieldDefinition> mutations = operations.mutations();
        Map<String, String> before;
        for (int round = 0; round < ROUNDS; round++) {
            for (GraphQLFieldDefinition q : queries) {
                Operations.Op op = operations.op("query", q, round == 0 ? 0 : hostileCount());
                var answer = post(pickKey(), "application/json", body(op));
                failures.check(q.getName(), body(op), answer);
            }
            // A query may keep what it generated (complianceReport stores its report): the mutations start from after them.
            before = register.snapshot();
            for (GraphQLFieldDefinition m : mutations) {
                Operations.Op op = operations.op("mutation", m, round == 0 ? 0 : hostileCount());
                withCurrentVersion(op);
                String key = random.nextInt(10) == 0 ? pickKey() : m.getName().equals("reportListingOutcome") && random.nextBoolean()
                        ? server.platformKey : server.editorKey;
                before = mutate(failures, m, op, key, before);
            }
        }
        failures.assertNone();
    }

    @Test
    void everyInputFieldWithValuesOnceStoredAltered() {
        Failures failures = new Failures("once altered");
        Map<String, String> before = register.snapshot();
        for (GraphQLFieldDefinition m : operations.mutations()) {
            for (int n = 0; n < 2; n++) {
                Operations.Baseline b = operations.baseline("mutation", m);
                for (Operations.Slot slot : b.slots()) {
                    for (Object value : Hostile.ONCE_ALTERED.getOrDefault(slot.type(), List.of())) {
                        operations.renewUnique(b);
                        slot.set().accept(value);
                        withCurrentVersion(b.op());
                        before = mutate(failures, m, b.op(), server.editorKey, before);
                        slot.set().accept(slot.original());
                    }
                }
            }
        }
        failures.assertNone();
    }

    /**
     * Sends a mutation and checks it: a clean answer, and then either the record reads back exactly as sent or
     * nothing in the register changed. Returns the register as it is after.
     */
    private static Map<String, String> mutate(Failures failures, GraphQLFieldDefinition m, Operations.Op op, String key,
                                              Map<String, String> before) {
        var answer = post(key, "application/json", body(op));
        if (!failures.check(m.getName(), body(op), answer)) {
            return register.snapshot();
        }
        Map<String, String> after = register.snapshot();
        JsonNode response = read(answer);
        JsonNode result = response.path("data").path(m.getName());
        if (response.has("errors") || result.isMissingNode() || result.isNull()) {
            String changed = Register.difference(before, after);
            if (!changed.isEmpty()) {
                failures.add(m.getName(), body(op), "refused (" + TestServer.errorCode(response) + ") but written: " + changed);
            }
        } else {
            readBackDiffs(op, m, result).forEach(d -> failures.add(m.getName(), body(op), "stored other than sent: " + d));
        }
        return after;
    }

    /** A mutation that takes a version gets the record's current one (unless it is the hostile value), to get past the lock. */
    private static void withCurrentVersion(Operations.Op op) {
        Object id = op.variables().get("v_id");
        if (!(id instanceof String s) || !(op.variables().get("v_version") instanceof Integer) || op.field().getArgument("version") == null) {
            return;
        }
        String type = GraphQLTypeUtil.unwrapAll(op.field().getType()).getName();
        String field = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        JsonNode r = read(post(server.editorKey, "application/json", Json.write(Map.of(
                "query", "query($id: ID!) { " + field + "(id: $id) { version } }", "variables", Map.of("id", s)))));
        JsonNode v = r.at("/data/" + field + "/version");
        if (v.isInt()) {
            op.variables().put("v_version", v.asInt());
        }
    }

    /** Reads the written record back through its own query and compares it with every input value sent. */
    private static List<String> readBackDiffs(Operations.Op op, GraphQLFieldDefinition m, JsonNode result) {
        GraphQLObjectType type = (GraphQLObjectType) GraphQLTypeUtil.unwrapAll(m.getType());
        JsonNode written = result;
        if (type.getFieldDefinition("id") == null) {
            // e.g. ListingOutcomeReport: the record is the object field that has an id.
            for (var f : type.getFieldDefinitions()) {
                if (GraphQLTypeUtil.unwrapAll(f.getType()) instanceof GraphQLObjectType o && o.getFieldDefinition("id") != null) {
                    type = o;
                    written = result.path(f.getName());
                    break;
                }
            }
        }
        String query = Character.toLowerCase(type.getName().charAt(0)) + type.getName().substring(1);
        GraphQLFieldDefinition byId = operations.schema.getQueryType().getFieldDefinition(query);
        List<String> diffs = new ArrayList<>();
        if (byId == null || !written.has("id")) {
            return diffs;
        }
        JsonNode read = read(post(server.editorKey, "application/json", Json.write(Map.of("query",
                "query($id: ID!) { " + query + "(id: $id)" + operations.selection(byId.getType(), 0) + " }",
                "variables", Map.of("id", written.get("id").asText())))));
        JsonNode stored = read.at("/data/" + query);
        for (GraphQLArgument a : m.getArguments()) {
            if (GraphQLTypeUtil.unwrapNonNull(a.getType()) instanceof GraphQLInputObjectType in
                    && op.variables().get("v_" + a.getName()) instanceof Map<?, ?> sent) {
                // An input named after a field of the record (ListingOutcomeInput -> outcome) is stored in that field.
                String nested = in.getName().replace("Input", "");
                JsonNode target = stored;
                for (var f : type.getFieldDefinitions()) {
                    if (GraphQLTypeUtil.unwrapAll(f.getType()).getName().equals(nested)) {
                        target = stored.path(f.getName());
                    }
                }
                Properties.storedExactly(in, sent, target, a.getName(), diffs);
            }
        }
        return diffs;
    }

    /** Per request: some carry no hostile value, most exactly one (to reach the writes with it), some several. */
    private static int hostileCount() {
        return new int[] {0, 1, 1, 1, 1, 1, 2, 3, 8}[random.nextInt(9)];
    }

    private static String pickKey() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> server.viewerKey;
            case 2 -> server.platformKey;
            case 3 -> "not-a-key-" + random.nextInt();
            default -> server.editorKey;
        };
    }

    private static String body(Operations.Op op) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("query", op.document());
        b.put("variables", op.variables());
        return Json.write(b);
    }

    static ForkedServer.Answer post(String key, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return server.send(b);
    }

    static JsonNode read(ForkedServer.Answer a) {
        try {
            return TestServer.JSON.readTree(a.body());
        } catch (IOException e) {
            return TestServer.JSON.createObjectNode();
        }
    }

    /** Failures of one test, grouped by operation and kind, each with the first input that showed it. */
    static final class Failures {
        private final String suite;
        private final Map<String, List<String>> byKind = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> outcomes = new java.util.TreeMap<>();
        private int requests;

        Failures(String suite) {
            this.suite = suite;
        }

        /** Checks one answer; false when it broke a property (recorded), true when it holds. */
        boolean check(String what, String input, ForkedServer.Answer answer) {
            requests++;
            List<String> problems = Properties.ofAnswer(answer);
            JsonNode body = answer.contentType().contains("json") ? read(answer) : TestServer.JSON.createObjectNode();
            String outcome = body.has("errors") ? String.valueOf(TestServer.errorCode(body)) : answer.status() == 200 ? "ok" : "HTTP " + answer.status();
            outcomes.computeIfAbsent(what.replaceAll("\\d+", "N"), k -> new java.util.TreeMap<>()).merge(outcome, 1, Integer::sum);
            if (body.has("errors") && System.getProperty("fuzz.verbose") != null) {
                System.out.println("  refused " + what + ": " + Json.abbreviate(String.valueOf(TestServer.errorMessage(body)), 200));
            }
            if (!problems.isEmpty()) {
                add(what, input, String.join(", ", problems) + " [HTTP " + answer.status() + ", " + answer.millis() + " ms: "
                        + Json.abbreviate(answer.body().replace('\n', ' '), 200) + "]");
            }
            if (answer.failure() != null && !server.aliveOrRestarted()) {
                add(what, input, "server went down (restarted, start " + server.starts + ")");
            }
            return problems.isEmpty();
        }

        /** Beyond a clean answer: a body the server must refuse (4xx or errors), or answer without errors. */
        void expect(Malformed.Expect expect, String what, String input, ForkedServer.Answer answer) {
            if (answer.failure() != null || expect == Malformed.Expect.EITHER) {
                return;
            }
            boolean refused = answer.status() >= 400 || read(answer).has("errors");
            if (expect == Malformed.Expect.REFUSED && !refused) {
                add(what, input, "accepted, must be refused [HTTP " + answer.status() + ": " + Json.abbreviate(answer.body(), 200) + "]");
            } else if (expect == Malformed.Expect.ANSWERED && refused) {
                add(what, input, "refused, must be answered [HTTP " + answer.status() + ": " + Json.abbreviate(answer.body(), 300) + "]");
            }
        }

        void add(String what, String input, String problem) {
            String kind = what + " | " + problem.replaceAll("\\[HTTP.*", "").replaceAll("\\d+", "N");
            // The document is generated from the SDL; the variables are what the report must show.
            int v = input.indexOf(",\"variables\":");
            String shown = v < 0 ? Json.abbreviate(input, 400) : Json.abbreviate(input.substring(0, v), 100) + " " + Json.abbreviate(input.substring(v + 1), 900);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add("    input " + shown + "\n    -> " + problem);
        }

        void assertNone() {
            StringBuilder b = new StringBuilder();
            byKind.forEach((kind, list) -> b.append("\n").append(list.size()).append(" x ").append(kind).append("\n").append(list.get(0)));
            String summary = suite + ": " + requests + " requests, seed " + SEED + ", " + byKind.values().stream().mapToInt(List::size).sum()
                    + " failures in " + byKind.size() + " kinds" + b;
            System.out.println(summary);
            outcomes.forEach((what, counts) -> System.out.println("  " + what + " " + counts));
            assertTrue(byKind.isEmpty(), summary);
        }
    }
}
