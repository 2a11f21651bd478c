package zmd.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import zmd.registry.db.Database;

/**
 * {@code /health}: UP when the database answers a query within 800 ms, DOWN at once while the database's watch
 * knows it does not answer; with replicas, each one's state (in rotation or not, its lag, requests served). Checks share one query in flight, so a monitor polling a stalled server piles up nothing.
 */
final class Health {
    static final Duration DEADLINE = Duration.ofMillis(800);

    private final Database database;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    Health(Database database) {
        this.database = database;
    }

    void answer(Context ctx, ObjectMapper json) throws IOException {
        boolean up = database.answering() && check();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", up ? "UP" : "DOWN");
        if (database.hasReplicas()) {
            // A replica out of rotation does not make the server DOWN: its reads go to the primary meanwhile.
            body.put("replicas", database.replicaStates().stream().map(r -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("name", r.name());
                m.put("status", r.inRotation() ? "IN_ROTATION" : "OUT_OF_ROTATION");
                m.put("lagMs", r.lagMs());
                m.put("requests", r.requests());
                if (r.problem() != null) {
                    m.put("problem", r.problem());
                }
                return m;
            }).toList());
        }
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private boolean check() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.compareAndExchange(null, mine);
        if (running == null) {
            running = mine;
            Thread.ofVirtual().name("health").start(() -> {
                try {
                    mine.complete(database.dsl().selectOne().fetchOne() != null);
                } catch (RuntimeException e) {
                    mine.complete(false);
                } finally {
                    inFlight.compareAndSet(mine, null);
                }
            });
        }
        try {
            return running.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
