package zmd.registry.db;

import java.util.function.Function;
import org.jooq.DSLContext;
import zmd.registry.core.Author;

/**
 * Names the writes of a transaction in the change log (migration V35): who, which action, which request. The
 * register's tables refuse any write of a transaction that has not been named, and log every write of one that has,
 * so each owning repository writes only through here. The settings are transaction-local: a pooled connection
 * carries nothing into its next transaction. In {@code db}, not in {@code history}, so that access (which owns the
 * API keys) can write without the two features depending on each other.
 */
public final class Changes {
    private Changes() {
    }

    /** Runs {@code work} in one transaction whose writes are logged as {@code action} by {@code author}. */
    public static <T> T transaction(DSLContext dsl, Author author, String action, Function<DSLContext, T> work) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            name(tx, author, action);
            return work.apply(tx);
        });
    }

    /** Names the transaction of {@code tx}; for work that opens its own transaction (a bulk script, a test's setup). */
    public static void name(DSLContext tx, Author author, String action) {
        tx.fetch("SELECT set_config('registry.key_id', ?, true), set_config('registry.caller', ?, true),"
                        + " set_config('registry.action', ?, true), set_config('registry.request_id', ?, true)",
                author.keyId() == null ? "" : author.keyId().toString(), author.name(), action,
                author.requestId() == null ? "" : author.requestId());
    }
}
