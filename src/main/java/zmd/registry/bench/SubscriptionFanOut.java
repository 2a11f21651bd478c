package zmd.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The subscription fan-out benchmark (make bench, issue 14): N WebSocket subscribers spread over the API nodes, one
 * DRAFT listing changed R times a second for S seconds through the first node (updateListing), and for each
 * subscriber whether it received every change once and in order; delivery time from the change's transaction time
 * (changedAt, the database's clock, on this machine) to its arrival. Staff subscribers: a draft's changes are theirs.
 */
public final class SubscriptionFanOut {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubscriptionFanOut() {
    }

    public static final String USAGE = "bench-fanout --nodes URL,URL --subscribers N --per-second R --seconds S --viewer-key K --editor-key K";

    /** One subscriber: what it received, as (seq, milliseconds from the change's transaction time to arrival). */
    private static final class Subscriber implements WebSocket.Listener {
        final List<long[]> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        volatile String error;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    switch (m.path("type").asText()) {
                        case "connection_ack" -> acknowledged.complete(null);
                        case "pong" -> subscribed.complete(null);
                        case "next" -> {
                            JsonNode c = m.at("/payload/data/listingChanged");
                            if (c.isMissingNode() || c.isNull()) {
                                error = m.toString();
                            } else {
                                long at = OffsetDateTime.parse(c.get("changedAt").asText()).toInstant().toEpochMilli();
                                received.add(new long[] {c.get("seq").asLong(), now - at});
                            }
                        }
                        default -> error = m.toString();
                    }
                } catch (Exception e) {
                    error = e.toString();
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    public static void command(List<String> args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            o.put(args.get(i), args.get(i + 1));
        }
        List<URI> nodes = Arrays.stream(o.getOrDefault("--nodes", "http://127.0.0.1:8080").split(",")).map(URI::create).toList();
        int n = Integer.parseInt(o.getOrDefault("--subscribers", "1000"));
        int rate = Integer.parseInt(o.getOrDefault("--per-second", "10"));
        int seconds = Integer.parseInt(o.getOrDefault("--seconds", "60"));
        String viewer = o.get("--viewer-key");
        String editor = o.get("--editor-key");
        if (viewer == null || editor == null) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode draft = graphql(http, nodes.get(0), editor, "{ listings(filter: {status: [DRAFT]}, first: 1) { nodes { id version } } }", Map.of())
                .at("/data/listings/nodes/0");
        String id = draft.get("id").asText();
        int version = draft.get("version").asInt();

        List<Subscriber> subscribers = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        String subscription = JSON.writeValueAsString(Map.of("id", "s", "type", "subscribe", "payload",
                Map.of("query", "subscription($id: ID) { listingChanged(listingId: $id) { seq changedAt } }", "variables", Map.of("id", id))));
        for (int i = 0; i < n; i++) {
            URI node = nodes.get(i % nodes.size());
            Subscriber s = new Subscriber();
            WebSocket ws = http.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("ws://" + node.getAuthority() + "/graphql"), s).get(10, TimeUnit.SECONDS);
            ws.sendText(JSON.writeValueAsString(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + viewer))), true).join();
            s.acknowledged.get(10, TimeUnit.SECONDS);
            ws.sendText(subscription, true).join();
            ws.sendText("{\"type\":\"ping\"}", true).join();
            subscribers.add(s);
            sockets.add(ws);
        }
        for (Subscriber s : subscribers) {
            s.subscribed.get(30, TimeUnit.SECONDS);
        }
        System.err.printf("%d subscribers on %d nodes; changing listing %s %d times a second for %d s%n", n, nodes.size(), id, rate, seconds);

        int writes = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            JsonNode r = graphql(http, nodes.get(0), editor, "mutation($id: ID!, $v: Int!) { updateListing(id: $id, version: $v, patch: {conditions: \"fan-out\"}) { version } }",
                    Map.of("id", id, "v", version));
            if (r.has("errors")) {
                throw new IllegalStateException("updateListing failed: " + r.get("errors"));
            }
            version = r.at("/data/updateListing/version").asInt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s -> s.received.size() < writes && s.error == null)) {
            Thread.sleep(50);
        }
        int complete = 0;
        List<Long> delays = new ArrayList<>();
        String firstProblem = null;
        for (Subscriber s : subscribers) {
            boolean ok = s.error == null && s.received.size() == writes;
            for (int i = 1; ok && i < s.received.size(); i++) {
                ok = s.received.get(i)[0] > s.received.get(i - 1)[0];
            }
            if (ok) {
                complete++;
            } else if (firstProblem == null) {
                firstProblem = s.error != null ? s.error : "received " + s.received.size() + " of " + writes + " (or out of order)";
            }
            s.received.forEach(r -> delays.add(r[1]));
        }
        sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH subscribers=%d nodes=%d changes=%d complete=%d delivered=%d p50=%d p99=%d max=%d%s%n", n, nodes.size(), writes,
                complete, sorted.length, pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                firstProblem == null ? "" : " first_problem=" + firstProblem.replace(' ', '_'));
        System.exit(complete == n ? 0 : 1);
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static JsonNode graphql(HttpClient http, URI node, String key, String query, Map<String, ?> variables) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.resolve("/graphql")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "variables", variables)))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
