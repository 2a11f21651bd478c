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
 * knows it does not answer. Checks share one query in flight, so a monitor polling a stalled server piles up nothing.
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
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).contentType("application/json")
                .result(json.writeValueAsBytes(Map.of("status", up ? "UP" : "DOWN", "database", up ? "UP" : "DOWN")));
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
