package zmd.registry.db;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * Counts the SQL statements this process executes through jOOQ (and as {@link RenderedQuery}). Tests read the difference around one
 * request to prove that nested fields are batched (the count must not grow with page size).
 */
public final class StatementCounter {
    private static final AtomicLong TOTAL = new AtomicLong();

    static final ExecuteListener LISTENER = new ExecuteListener() {
        @Override
        public void executeStart(ExecuteContext ctx) {
            count();
        }
    };

    static void count() {
        TOTAL.incrementAndGet();
    }

    private StatementCounter() {
    }

    public static long total() {
        return TOTAL.get();
    }
}
