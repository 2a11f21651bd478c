package zmd.registry.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;

/**
 * The change log as callers see it: the whole log and its verification for inspectors (AUDITOR), a record's history
 * for staff. Editors read history but never the whole log: who changed what across the register is the inspectors'.
 * History is staff-only because before-images hold what was unpublished then (a PLANNED block's coordinates).
 */
public final class HistoryService {
    public static final PageRequest.Sizes LOG_PAGE = new PageRequest.Sizes(100, 1, 500);
    public static final PageRequest.Sizes HISTORY_PAGE = new PageRequest.Sizes(20, 1, 100);
    /** Batches verified at once: the hashing is the database's CPU, and the register's database has a few cores. */
    static final int VERIFY_WORKERS = 2;
    private static final String LOG_CURSOR = "changeLog";
    private static final String HISTORY_CURSOR = "history";
    /** Exact decimals: a reserve of 10.0000 万吨 reads back as written, not as a double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final ChangeLogRepository repository;
    /** Reference data, read once. */
    private volatile Set<String> tables;

    public HistoryService(ChangeLogRepository repository) {
        this.repository = repository;
    }

    private Set<String> loggedTables() {
        Set<String> t = tables;
        if (t == null) {
            t = repository.loggedTables();
            tables = t;
        }
        return t;
    }

    public ChangeLogRepository repository() {
        return repository;
    }

    public Page<ChangeLogRepository.Entry> changeLog(Caller caller, ChangeLogRepository.Filter filter, PageRequest request) {
        caller.requireAuditor("Reading the change log");
        if (filter.table() != null && !loggedTables().contains(filter.table())) {
            throw RegistryException.badInput("filter.table", "filter.table " + Texts.quoted(filter.table()) + " is not a table of the change log; it logs "
                    + String.join(", ", new TreeSet<>(loggedTables())));
        }
        long after = request.after() == null ? 0 : seq(request.after(), LOG_CURSOR, "changeLog");
        return request.page(repository.page(filter, after, request.fetch()), e -> Cursors.encode(LOG_CURSOR, e.seq()),
                () -> repository.count(filter));
    }

    public Verification verify(Caller caller) {
        caller.requireAuditor("Verifying the change log");
        return verify();
    }

    /** What verification found; {@code firstBreak} is null when the log is whole and matches the register. */
    public record Verification(boolean valid, long entriesChecked, long rowsChecked, ChangeLogRepository.Break firstBreak, double seconds) {
    }

    /**
     * Walks the chain in batches of seq, {@link #VERIFY_WORKERS} at a time on their own connections (each batch reads one
     * entry before it for its first link), then reconciles the register's rows with their last entries.
     */
    public Verification verify() {
        long started = System.nanoTime();
        long last = repository.lastSeq();
        List<Callable<Optional<ChangeLogRepository.Break>>> batches = new ArrayList<>();
        for (long from = 1; from <= last; from += ChangeLogRepository.VERIFY_BATCH) {
            long first = from;
            long to = Math.min(last, from + ChangeLogRepository.VERIFY_BATCH - 1);
            batches.add(() -> repository.firstBrokenEntry(first, to));
        }
        ExecutorService workers = Executors.newFixedThreadPool(VERIFY_WORKERS, Thread.ofVirtual().factory());
        try {
            List<Future<Optional<ChangeLogRepository.Break>>> results = new ArrayList<>();
            batches.forEach(b -> results.add(workers.submit(b)));
            for (Future<Optional<ChangeLogRepository.Break>> result : results) {
                Optional<ChangeLogRepository.Break> broken = result.get();
                if (broken.isPresent()) {
                    return new Verification(false, broken.get().seq(), 0, broken.get(), seconds(started));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        long rows = repository.loggedRows();
        Optional<ChangeLogRepository.Break> mismatch = repository.firstMismatch();
        return new Verification(mismatch.isEmpty(), last, rows, mismatch.orElse(null), seconds(started));
    }

    /** Which record's history, and which page of it: the key of the history loaders. */
    public record HistoryKey(String recordTable, String recordKey, PageRequest request) {
    }

    /** The history pages of many records: one statement per distinct page request. Keys are records the caller sees. */
    public Map<HistoryKey, Page<ChangeLogRepository.Entry>> histories(Collection<HistoryKey> keys) {
        Map<HistoryKey, Page<ChangeLogRepository.Entry>> out = new HashMap<>();
        keys.stream().collect(Collectors.groupingBy(k -> List.of(k.recordTable(), k.request()))).forEach((group, ks) -> {
            HistoryKey first = ks.getFirst();
            PageRequest request = first.request();
            long before = request.after() == null ? Long.MAX_VALUE : seq(request.after(), HISTORY_CURSOR, "history");
            Map<String, List<ChangeLogRepository.Entry>> rows = repository.history(first.recordTable(),
                    ks.stream().map(HistoryKey::recordKey).distinct().toList(), before, request.fetch());
            ks.forEach(k -> out.put(k, request.page(rows.get(k.recordKey()), e -> Cursors.encode(HISTORY_CURSOR, e.seq()),
                    () -> repository.historyCount(k.recordTable(), k.recordKey()))));
        });
        return out;
    }

    /** One column of a row before and after a write. */
    public record FieldChange(String field, Object before, Object after) {
    }

    /**
     * The columns a write changed, by name, with their values before and after: every column of an insert or a delete;
     * for an update, the columns of its before-image, which holds only those it changed (see V35).
     */
    public static List<FieldChange> changes(ChangeLogRepository.Entry e) {
        JsonNode before = tree(e.before());
        JsonNode after = tree(e.after());
        JsonNode named = before != null ? before : after;
        List<FieldChange> out = new ArrayList<>();
        for (String f : new TreeSet<>(names(named))) {
            out.add(new FieldChange(f, before == null ? null : plain(before.get(f)), after == null ? null : plain(after.get(f))));
        }
        return out;
    }

    /** An image as a plain value for the JSON scalar. */
    public static Object image(String json) {
        return plain(tree(json));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change log image is not JSON", e);
        }
    }

    private static Object plain(JsonNode n) {
        return n == null || n.isNull() ? null : JSON.convertValue(n, Object.class);
    }

    private static long seq(String cursor, String tag, String list) {
        List<?> c = Cursors.decode(cursor, "after");
        if (c.size() != 2 || !tag.equals(c.get(0)) || !(c.get(1) instanceof Number n) || n.longValue() < 0) {
            throw RegistryException.badInput("after", "after is not a cursor of " + list);
        }
        return n.longValue();
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
