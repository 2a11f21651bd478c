package zmd.registry.history;

import static zmd.registry.db.generated.Tables.CHANGE_LOG;
import static zmd.registry.db.generated.Tables.CHANGE_LOG_TABLE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import zmd.registry.db.generated.tables.records.ChangeLogRecord;

/**
 * Reads the change log (migration V35). Nothing here writes it: entries are written by the database, in the transaction
 * of each write to the register, from what {@link zmd.registry.db.Changes} named.
 */
public final class ChangeLogRepository {
    /** Entries whose hashes one statement of the verification recomputes. */
    static final int VERIFY_BATCH = 50_000;

    private final DSLContext dsl;

    public ChangeLogRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record Entry(long seq, OffsetDateTime at, String table, String key, String recordTable, String recordKey, ChangeOperation operation,
                        Integer versionBefore, Integer versionAfter, String before, String after, UUID keyId, String callerName,
                        String action, String requestId, byte[] hash, byte[] prevHash) {
    }

    /** What the changeLog query filters on; null parts match everything. */
    public record Filter(String table, String key, UUID keyId, OffsetDateTime from, OffsetDateTime to) {
        public static final Filter ANY = new Filter(null, null, null, null, null);

        Condition condition() {
            Condition c = DSL.trueCondition();
            if (table != null) {
                c = c.and(CHANGE_LOG.TABLE_NAME.eq(table).or(CHANGE_LOG.RECORD_TABLE.eq(table)));
            }
            if (key != null) {
                c = c.and(CHANGE_LOG.ROW_KEY.eq(key).or(CHANGE_LOG.RECORD_KEY.eq(key)));
            }
            if (keyId != null) {
                c = c.and(CHANGE_LOG.KEY_ID.eq(keyId));
            }
            if (from != null) {
                c = c.and(CHANGE_LOG.AT.ge(from));
            }
            if (to != null) {
                c = c.and(CHANGE_LOG.AT.lt(to));
            }
            return c;
        }
    }

    /** Up to {@code limit} entries after {@code afterSeq}, oldest first. */
    public List<Entry> page(Filter filter, long afterSeq, int limit) {
        return dsl.selectFrom(CHANGE_LOG).where(filter.condition().and(CHANGE_LOG.SEQ.gt(afterSeq)))
                .orderBy(CHANGE_LOG.SEQ).limit(limit).fetch(ChangeLogRepository::entry);
    }

    public long count(Filter filter) {
        return dsl.fetchCount(CHANGE_LOG, filter.condition());
    }

    /**
     * The entries of many records of one table, newest first, up to {@code limit} each before {@code beforeSeq}: one
     * statement, a lateral index scan per record (the history of a page of blocks).
     */
    public Map<String, List<Entry>> history(String recordTable, Collection<String> recordKeys, long beforeSeq, int limit) {
        var k = DSL.unnest(recordKeys.toArray(String[]::new)).as("k", "key");
        var c = DSL.lateral(DSL.selectFrom(CHANGE_LOG)
                .where(CHANGE_LOG.RECORD_TABLE.eq(recordTable).and(CHANGE_LOG.RECORD_KEY.eq(k.field("key", String.class)))
                        .and(CHANGE_LOG.SEQ.lt(beforeSeq)))
                .orderBy(CHANGE_LOG.SEQ.desc()).limit(limit).asTable("c"));
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        recordKeys.forEach(key -> out.put(key, new ArrayList<>()));
        dsl.select(c.fields()).from(k).crossJoin(c).orderBy(c.field(CHANGE_LOG.RECORD_KEY), c.field(CHANGE_LOG.SEQ).desc())
                .fetch().forEach(r -> {
                    Entry e = entry(r.into(CHANGE_LOG));
                    out.get(e.recordKey()).add(e);
                });
        return out;
    }

    public long historyCount(String recordTable, String recordKey) {
        return dsl.fetchCount(CHANGE_LOG, CHANGE_LOG.RECORD_TABLE.eq(recordTable).and(CHANGE_LOG.RECORD_KEY.eq(recordKey)));
    }

    /** The tables whose writes are logged (change_log_table, reference data of V35). */
    public Set<String> loggedTables() {
        return dsl.select(CHANGE_LOG_TABLE.TABLE_NAME).from(CHANGE_LOG_TABLE).fetchSet(CHANGE_LOG_TABLE.TABLE_NAME);
    }

    public long lastSeq() {
        return dsl.select(DSL.coalesce(DSL.max(CHANGE_LOG.SEQ), 0L)).from(CHANGE_LOG).fetchSingle().value1();
    }

    /** A problem verification found: the kind, the entry (or the mismatching row's last entry), and why. */
    public record Break(ChangeLogBreakKind kind, Long seq, String table, String key, String message) {
    }

    /**
     * The first broken entry among seq {@code from..to}: hashes recomputed in the server, and each entry's link checked
     * against the hash of the one before it (read one entry before the range for the first link).
     */
    public Optional<Break> firstBrokenEntry(long from, long to) {
        // The link and hash tests are in WHERE, so that a whole chain costs one pass; the kind is told for the one row
        // returned. The scan follows seq and stops at the first break.
        Record r = dsl.fetchOne("""
                SELECT seq, table_name, row_key,
                       CASE WHEN seq > 1 AND prev_seq IS DISTINCT FROM seq - 1 THEN 'ENTRY_MISSING'
                            WHEN prev_hash IS DISTINCT FROM CASE WHEN seq = 1 THEN change_log_genesis() ELSE prev_entry_hash END
                            THEN 'CHAIN_BROKEN'
                            ELSE 'CONTENT_CHANGED' END
                FROM (SELECT c.*, lag(c.seq) OVER w AS prev_seq, lag(c.hash) OVER w AS prev_entry_hash
                      FROM change_log c WHERE c.seq BETWEEN ? - 1 AND ? WINDOW w AS (ORDER BY c.seq)) x
                WHERE seq >= ?
                  AND ((seq > 1 AND prev_seq IS DISTINCT FROM seq - 1)
                       OR prev_hash IS DISTINCT FROM CASE WHEN seq = 1 THEN change_log_genesis() ELSE prev_entry_hash END
                       OR hash <> change_log_hash(prev_hash, change_log_canonical(seq, at, table_name, row_key, record_table,
                              record_key, operation, version_before, version_after, key_id, caller_name, action, request_id,
                              before, after)))
                ORDER BY seq LIMIT 1""", from, to, from);
        if (r == null) {
            return Optional.empty();
        }
        long seq = r.get(0, Long.class);
        ChangeLogBreakKind kind = ChangeLogBreakKind.valueOf(r.get(3, String.class));
        String message = switch (kind) {
            case ENTRY_MISSING -> "the entries before seq " + seq + " are not all there: an entry was deleted";
            case CHAIN_BROKEN -> "entry " + seq + " does not link to the hash of entry " + (seq - 1) + ": an entry was replaced or its hash rewritten";
            default -> "the hash of entry " + seq + " does not match its content: the entry was edited";
        };
        return Optional.of(new Break(kind, seq, r.get(1, String.class), r.get(2, String.class), message));
    }

    /** Rows of the register that differ from the after-image of their last entry, or have none (change_log_mismatches). */
    public Optional<Break> firstMismatch() {
        Record r = dsl.fetchOne("SELECT table_name, row_key, last_seq, problem FROM change_log_mismatches(1) ORDER BY table_name, row_key LIMIT 1");
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new Break(ChangeLogBreakKind.ROW_MISMATCH, r.get(2, Long.class), r.get(0, String.class), r.get(1, String.class),
                r.get(0, String.class) + " " + r.get(1, String.class) + ": " + r.get(3, String.class)));
    }

    /** Rows of the logged tables, as the reconciliation compares them. */
    public long loggedRows() {
        return loggedTables().stream().mapToLong(t -> dsl.fetchCount(DSL.table(DSL.name(t)))).sum();
    }

    private static Entry entry(ChangeLogRecord r) {
        return new Entry(r.getSeq(), r.getAt(), r.getTableName(), r.getRowKey(), r.getRecordTable(), r.getRecordKey(), ChangeOperation.valueOf(r.getOperation()),
                r.getVersionBefore(), r.getVersionAfter(), r.getBefore(), r.getAfter(), r.getKeyId(), r.getCallerName(), r.getAction(), r.getRequestId(),
                r.getHash(), r.getPrevHash());
    }
}
