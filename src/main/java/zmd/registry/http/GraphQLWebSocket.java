package zmd.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionResult;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.ApiKeys;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.RequestBudget;
import zmd.registry.graphql.GraphQLFactory;

/**
 * GraphQL over WebSocket with the graphql-transport-ws protocol (the "graphql-ws" library's): connection_init with
 * the API key in its payload ({"Authorization": "Bearer ..."}) -> connection_ack; subscribe / next / error /
 * complete per operation id; ping / pong. Protocol violations close the socket with the protocol's 44xx codes.
 * Subscriptions, queries and mutations run with the caller of connection_init, under the same rules as over HTTP.
 */
public final class GraphQLWebSocket {
    private static final Logger log = LoggerFactory.getLogger(GraphQLWebSocket.class);
    public static final String PROTOCOL = "graphql-transport-ws";
    static final long INIT_TIMEOUT_SECONDS = 10;
    static final int MAX_OPERATIONS = 50;

    private final GraphQLFactory graphql;
    private final ApiKeys apiKeys;
    private final ObjectMapper json;
    private final com.fasterxml.jackson.databind.ObjectReader messages;
    /** Fires the connection_init deadline; the JDK's shared delay scheduler, so no thread per server. */
    private static final Executor INIT_DEADLINE = CompletableFuture.delayedExecutor(INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    /** Open connections with a key are re-checked at this pace, so a revoked key's connections close within it. */
    private static final Executor REVOCATION_SWEEP = CompletableFuture.delayedExecutor(
            ApiKeys.REVOCATION_CHECK.toMillis(), TimeUnit.MILLISECONDS, Thread.ofVirtual().name("revocation-sweep")::start);
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();

    private final Duration budget;

    private final RateLimits rateLimits;

    GraphQLWebSocket(GraphQLFactory graphql, ApiKeys apiKeys, ObjectMapper json, Duration budget, RateLimits rateLimits) {
        this.budget = budget;
        this.rateLimits = rateLimits;
        this.graphql = graphql;
        this.apiKeys = apiKeys;
        this.json = json;
        this.messages = RequestJson.strict(json, Map.class);
    }

    /** One connection: its caller once acknowledged, and its running operations by id. */
    private final class Socket {
        final WsContext ctx;
        final Map<String, Operation> operations = new ConcurrentHashMap<>();
        volatile boolean initReceived;
        volatile Caller caller;
        volatile long checkedEpoch;
        volatile boolean closed;
        /** The upgrade request's id; each operation is named after it (connection/operation) in the logs. */
        final String requestId;

        Socket(WsContext ctx) {
            this.ctx = ctx;
            this.requestId = RequestIds.named(ctx.header(RequestIds.HEADER));
        }

        synchronized void send(Map<String, Object> message) {
            if (closed) {
                return;
            }
            try {
                ctx.send(json.writeValueAsString(message));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a WebSocket message", e);
            }
        }

        synchronized void close(int code, String reason) {
            if (!closed) {
                closed = true;
                ctx.closeSession(code, reason);
            }
            end();
        }

        void end() {
            closed = true;
            operations.values().forEach(Operation::cancel);
            operations.clear();
        }
    }

    /** A running operation; a subscription holds its reactive subscription to cancel. */
    private static final class Operation {
        private Subscription subscription;
        private boolean cancelled;

        synchronized void attach(Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onMessage(this::message);
        ws.onClose(this::closed);
        ws.onError(ctx -> {
            Socket s = sockets.remove(ctx.sessionId());
            if (s != null) {
                s.end();
            }
        });
    }

    private void connect(WsConnectContext ctx) {
        Socket socket = new Socket(ctx);
        sockets.put(ctx.sessionId(), socket);
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered == null || List.of(offered.split(",")).stream().map(String::strip).noneMatch(PROTOCOL::equals)) {
            socket.close(4406, "Subprotocol not acceptable: use " + PROTOCOL);
            return;
        }
        ctx.enableAutomaticPings();
        INIT_DEADLINE.execute(() -> {
            if (!socket.initReceived && !socket.closed) {
                socket.close(4408, "Connection initialisation timeout");
            }
        });
    }

    private void closed(WsCloseContext ctx) {
        Socket s = sockets.remove(ctx.sessionId());
        if (s != null) {
            s.end();
        }
    }

    private void message(WsMessageContext ctx) {
        Socket socket = sockets.get(ctx.sessionId());
        if (socket == null || socket.closed) {
            return;
        }
        Map<?, ?> message;
        try {
            message = messages.readValue(ctx.message());
        } catch (JsonProcessingException e) {
            socket.close(4400, "Invalid message received: not a JSON object");
            return;
        }
        Object type = message == null ? null : message.get("type");
        switch (type instanceof String t ? t : "") {
            case "connection_init" -> init(socket, message.get("payload"));
            case "ping" -> socket.send(Map.of("type", "pong"));
            case "pong" -> {
                // A reply to our ping: nothing to do.
            }
            case "subscribe" -> subscribe(socket, message);
            case "complete" -> {
                if (message.get("id") instanceof String id) {
                    Operation op = socket.operations.remove(id);
                    if (op != null) {
                        op.cancel();
                    }
                }
            }
            default -> socket.close(4400, "Invalid message received: unknown type " + type);
        }
    }

    private void init(Socket socket, Object payload) {
        if (socket.initReceived) {
            socket.close(4429, "Too many initialisation requests");
            return;
        }
        socket.initReceived = true;
        String authorization = null;
        if (payload instanceof Map<?, ?> p) {
            Object a = p.get("Authorization") != null ? p.get("Authorization") : p.get("authorization");
            if (a == null && p.get("headers") instanceof Map<?, ?> h) {
                a = h.get("Authorization") != null ? h.get("Authorization") : h.get("authorization");
            }
            authorization = a instanceof String s ? s : null;
        }
        if (authorization == null) {
            authorization = socket.ctx.header("Authorization");
        }
        try {
            socket.checkedEpoch = apiKeys.revocationEpoch();
            socket.caller = apiKeys.authenticate(authorization);
        } catch (RegistryException e) {
            socket.close(4403, "Forbidden: " + e.getMessage());
            return;
        }
        socket.send(Map.of("type", "connection_ack"));
        if (socket.caller.keyId() != null) {
            scheduleRevocationSweep();
        }
    }

    /** False, with the socket closed (4403), when its key was revoked since it was last checked. */
    private boolean keyStillValid(Socket socket) {
        Caller caller = socket.caller;
        apiKeys.checkRevocations();
        long epoch = apiKeys.revocationEpoch();
        if (caller == null || caller.keyId() == null || epoch == socket.checkedEpoch) {
            return true;
        }
        if (!apiKeys.isActive(caller)) {
            socket.close(4403, "Forbidden: the API key was revoked");
            return false;
        }
        socket.checkedEpoch = epoch;
        return true;
    }

    private void scheduleRevocationSweep() {
        if (sweepScheduled.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::sweepRevoked, REVOCATION_SWEEP);
        }
    }

    /**
     * Closes the connections of revoked keys; runs again while any connection holds a key. Each socket remembers the
     * epoch it was last checked in, so one that could not be checked (database down) is checked in a later round.
     */
    private void sweepRevoked() {
        try {
            for (Socket socket : sockets.values()) {
                if (!socket.closed) {
                    try {
                        keyStillValid(socket);
                    } catch (RuntimeException e) {
                        log.debug("revocation check of a connection failed, retried next round: {}", e.toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.debug("revocation sweep failed, retried next round: {}", e.toString());
        } finally {
            sweepScheduled.set(false);
            if (sockets.values().stream().anyMatch(s -> !s.closed && s.caller != null && s.caller.keyId() != null)) {
                scheduleRevocationSweep();
            }
        }
    }

    private void subscribe(Socket socket, Map<?, ?> message) {
        Caller caller = socket.caller;
        if (caller == null) {
            socket.close(4401, "Unauthorized");
            return;
        }
        if (!keyStillValid(socket)) {
            return;
        }
        if (!(message.get("id") instanceof String id) || id.isEmpty() || !(message.get("payload") instanceof Map<?, ?> payload)
                || !(payload.get("query") instanceof String query)) {
            socket.close(4400, "Invalid message received: subscribe needs an id and a payload with a query");
            return;
        }
        Object variables = payload.get("variables");
        Object operationName = payload.get("operationName");
        if ((variables != null && !(variables instanceof Map<?, ?>)) || (operationName != null && !(operationName instanceof String))) {
            socket.close(4400, "Invalid message received: variables must be an object and operationName a string");
            return;
        }
        try {
            // Each operation is charged like a request, so an open socket is no way around the limits.
            rateLimits.operation(caller, address(socket.ctx));
        } catch (RegistryException e) {
            socket.send(error(id, e.code(), e.getMessage()));
            return;
        }
        Operation op = new Operation();
        if (socket.operations.putIfAbsent(id, op) != null) {
            socket.close(4409, "Subscriber for " + id + " already exists");
            return;
        }
        if (socket.operations.size() > MAX_OPERATIONS) {
            socket.operations.remove(id);
            socket.send(error(id, ErrorCode.BAD_REQUEST, "at most " + MAX_OPERATIONS + " operations may run on one connection"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = variables == null ? Map.of() : (Map<String, Object>) variables;
        ExecutionResult result;
        Caller operation = caller.withRequestId(RequestIds.operation(socket.requestId, id));
        try (RequestBudget ignored = RequestBudget.start(budget)) {
            result = graphql.execute(query, (String) operationName, vars, operation, AccessProtocol.GRAPHQL_WS);
        } catch (RuntimeException e) {
            socket.operations.remove(id);
            log.error("WebSocket operation {} failed", id, e);
            socket.send(error(id, ErrorCode.INTERNAL, "internal error"));
            return;
        }
        if (result.isDataPresent() && result.getData() instanceof Publisher<?> stream) {
            stream(socket, id, op, stream, () -> graphql.recordEvent(operation, AccessProtocol.GRAPHQL_WS, query, (String) operationName));
            return;
        }
        if (!result.isDataPresent()) {
            socket.operations.remove(id);
            socket.send(Map.of("type", "error", "id", id, "payload", GraphQLHttp.toSpecification(result).get("errors")));
            return;
        }
        if (socket.operations.remove(id) != null) {
            socket.send(Map.of("type", "next", "id", id, "payload", GraphQLHttp.toSpecification(result)));
            socket.send(Map.of("type", "complete", "id", id));
        }
    }

    /** Streams a subscription's events; {@code record} writes what each read to the access log before it is sent. */
    private void stream(Socket socket, String id, Operation op, Publisher<?> stream, Runnable record) {
        stream.subscribe(new Subscriber<Object>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                op.attach(s);
                s.request(1);
            }

            @Override
            public void onNext(Object item) {
                try {
                    record.run();
                } catch (RegistryException e) {
                    // An event that cannot be recorded ends the subscription: the client resubscribes when it is retried.
                    subscription.cancel();
                    onError(e);
                    return;
                }
                if (socket.operations.get(id) == op) {
                    socket.send(Map.of("type", "next", "id", id, "payload", GraphQLHttp.toSpecification((ExecutionResult) item)));
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                if (socket.operations.remove(id, op)) {
                    socket.send(t instanceof RegistryException re ? error(id, re.code(), re.getMessage()) : error(id, ErrorCode.INTERNAL, "internal error"));
                }
                if (!(t instanceof RegistryException)) {
                    log.error("subscription {} failed", id, t);
                }
            }

            @Override
            public void onComplete() {
                if (socket.operations.remove(id, op)) {
                    socket.send(Map.of("type", "complete", "id", id));
                }
            }
        });
    }

    private static String address(WsContext ctx) {
        return ctx.session.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.session.getRemoteSocketAddress());
    }

    private static Map<String, Object> error(String id, ErrorCode code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("extensions", Map.of("code", code.name()));
        return Map.of("type", "error", "id", id, "payload", List.of(e));
    }
}
