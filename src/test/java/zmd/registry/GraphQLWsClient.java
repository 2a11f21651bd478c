package zmd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A graphql-transport-ws client on java.net.http.WebSocket: received messages in a queue, the close code kept. */
public final class GraphQLWsClient implements WebSocket.Listener, AutoCloseable {
    public static final String PROTOCOL = "graphql-transport-ws";
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    /** Opens a socket offering {@code subprotocol} (none when null), without connection_init. */
    public GraphQLWsClient(TestServer server, String subprotocol) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocol != null) {
            b.subprotocols(subprotocol);
        }
        socket = b.buildAsync(URI.create("ws://127.0.0.1:" + server.app.port() + "/graphql"), this).join();
    }

    /** A socket acknowledged for {@code key} (anonymous when null). */
    public static GraphQLWsClient connected(TestServer server, String key) {
        GraphQLWsClient c = new GraphQLWsClient(server, PROTOCOL);
        c.send(Map.of("type", "connection_init", "payload", key == null ? Map.of() : Map.of("Authorization", "Bearer " + key)));
        assertEquals("connection_ack", c.next().get("type").asText());
        return c;
    }

    public void send(Map<String, ?> message) {
        try {
            socket.sendText(TestServer.JSON.writeValueAsString(message), true).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text as it is, for messages that are not one JSON object. */
    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    public void subscribe(String id, String query, Map<String, ?> variables) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
    }

    /** The next message, within 10 s. */
    public JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    /** The next message, which must come within {@code within}. */
    public JsonNode next(Duration within) {
        JsonNode m = nothingFor(within);
        assertNotNull(m, "no message within " + within.toMillis() + " ms");
        return m;
    }

    /** The next message if one comes within {@code d}, else null. */
    public JsonNode nothingFor(Duration d) {
        try {
            return messages.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The code the server closed the socket with (waits up to 20 s). */
    public int closeCode() {
        return closed.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(TestServer.JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (closed.isDone()) {
            // The server closed it; the client's reply may still be on its way.
            socket.abort();
        } else {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
