package zmd.registry.db;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.exception.DataAccessException;

/**
 * The time one request may take. While it is open on a thread, every jOOQ statement of that thread is registered
 * with it; when the budget is spent (or the request is abandoned because the client left) the running statements
 * are cancelled, so PostgreSQL stops working for nobody, and later statements are refused. Java-side loops call
 * {@link #check()}. Statements outside any request (commands, migrations) only have the connection's
 * {@code statement_timeout}.
 */
public final class RequestBudget implements AutoCloseable {
    /** SQLSTATE of a cancelled statement; mapped to TIMEOUT like PostgreSQL's own statement_timeout. */
    public static final String QUERY_CANCELED = "57014";
    /** How often {@link #abandonWhen} asks whether anybody still waits for the answer. */
    public static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final ThreadLocal<RequestBudget> CURRENT = new ThreadLocal<>();
    /**
     * One timer thread for every budget. Cancelled alarms leave its queue at once (most requests end well within
     * their budget), and the cancelling itself, network I/O that a frozen server can hold up, runs on a virtual thread.
     */
    private static final ScheduledThreadPoolExecutor ALARMS = alarms();
    /** All statements running on behalf of a request, so a stalled database can be cut off from every one of them. */
    private static final Set<Statement> RUNNING = ConcurrentHashMap.newKeySet();

    private final Duration budget;
    private final long deadline;
    private final Set<Statement> statements = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> alarm;
    private volatile ScheduledFuture<?> watch;
    private volatile boolean abandoned;

    private RequestBudget(Duration budget) {
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
        this.alarm = ALARMS.schedule(() -> Thread.ofVirtual().name("request-budget-cancel").start(this::abandon),
                budget.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "request-budget");
            t.setDaemon(true);
            return t;
        });
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    /** Opens a budget for the work of the current thread until {@link #close()}. */
    public static RequestBudget start(Duration budget) {
        RequestBudget b = new RequestBudget(budget);
        CURRENT.set(b);
        return b;
    }

    /** Cancels what is running and refuses what follows: the time is spent or nobody waits for the answer. */
    public void abandon() {
        abandoned = true;
        for (Statement s : statements) {
            cancel(s);
        }
    }

    /**
     * Also abandons this budget once {@code gone} answers true (the client closed its connection): asked on the alarm
     * thread every {@link #WATCH_INTERVAL} until the budget closes, so it must answer at once, without blocking.
     */
    public void abandonWhen(BooleanSupplier gone) {
        long every = WATCH_INTERVAL.toNanos();
        watch = ALARMS.scheduleWithFixedDelay(() -> {
            if (!abandoned && gone.getAsBoolean()) {
                // Set here, so the next tick does not ask again; the cancelling is network I/O, as for the alarm.
                abandoned = true;
                Thread.ofVirtual().name("request-budget-cancel").start(this::abandon);
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    public boolean spent() {
        return abandoned || System.nanoTime() - deadline >= 0;
    }

    public Duration budget() {
        return budget;
    }

    @Override
    public void close() {
        alarm.cancel(false);
        stopWatching();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** Lifts the current thread's budget for the rest of its request (layer imports, which run for minutes). */
    public static void exemptCurrent() {
        RequestBudget b = CURRENT.get();
        if (b != null) {
            b.alarm.cancel(false);
            b.stopWatching();
            CURRENT.remove();
        }
    }

    private void stopWatching() {
        ScheduledFuture<?> w = watch;
        if (w != null) {
            w.cancel(false);
        }
    }

    /** Throws the timeout if the current thread's request has spent its budget: for long Java-side loops. */
    public static void check() {
        RequestBudget b = CURRENT.get();
        if (b != null && b.spent()) {
            throw timeout(b);
        }
    }

    /**
     * Waits for a permit within what is left of the current request's budget (without a budget, as long as it takes),
     * and throws the timeout when none came in time, or once the request is abandoned: a request whose client left
     * gives up its place in the queue rather than take its turn for nobody.
     */
    public static void acquire(java.util.concurrent.Semaphore permits) {
        RequestBudget b = CURRENT.get();
        try {
            if (b == null) {
                permits.acquire();
                return;
            }
            while (!b.spent()) {
                long wait = Math.min(b.deadline - System.nanoTime(), WATCH_INTERVAL.toNanos());
                if (permits.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    if (!b.abandoned) {
                        return;
                    }
                    permits.release();
                    break;
                }
            }
            throw timeout(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timeout(b);
        }
    }

    /** The statements running for requests right now (a snapshot). */
    static Set<Statement> running() {
        return Set.copyOf(RUNNING);
    }

    private static DataAccessException timeout(RequestBudget b) {
        return new DataAccessException("request budget of " + b.budget.toMillis() + " ms spent",
                new SQLTimeoutException("request budget spent", QUERY_CANCELED));
    }

    private static void cancel(Statement s) {
        try {
            s.cancel();
        } catch (SQLException | RuntimeException e) {
            // Already finished or its connection is gone: either way nothing is left running.
        }
    }

    private static final String KEY = RequestBudget.class.getName();

    static final ExecuteListener LISTENER = new ExecuteListener() {
        @Override
        public void executeStart(ExecuteContext ctx) {
            RequestBudget b = CURRENT.get();
            Statement s = ctx.statement();
            if (b == null || s == null) {
                return;
            }
            if (b.spent()) {
                throw timeout(b);
            }
            ctx.data(KEY, s);
            b.statements.add(s);
            RUNNING.add(s);
            // The alarm may have fired between the check and the registration.
            if (b.abandoned) {
                cancel(s);
            }
        }

        @Override
        public void end(ExecuteContext ctx) {
            if (ctx.data(KEY) instanceof Statement s) {
                RUNNING.remove(s);
                RequestBudget b = CURRENT.get();
                if (b != null) {
                    b.statements.remove(s);
                }
            }
        }
    };
}
