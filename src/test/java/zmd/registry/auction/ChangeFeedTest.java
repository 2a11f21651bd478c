package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.core.PageRequest;

/** The change feed under concurrent writers: paged while they write, it never misses nor repeats a change. */
class ChangeFeedTest {
    static Auctions a;
    static final Caller STAFF = new Caller(Role.STAFF_VIEWER, null, "reader");

    @BeforeAll
    static void start() {
        a = new Auctions();
    }

    @AfterAll
    static void stop() {
        a.close();
    }

    /** Reads the feed from {@code after} to its current end, checking each page continues the last without a gap. */
    static long drain(ListingFeed feed, long after, List<ListingChange> into) {
        long last = after;
        while (true) {
            ListingFeed.ChangePage page = feed.changes(STAFF, new PageRequest(7, ListingChange.cursor(last)), null);
            for (ListingChange c : page.changes()) {
                assertEquals(last + 1, c.seq(), "the feed skipped from " + last + " to " + c.seq());
                into.add(c);
                last = c.seq();
            }
            if (!page.hasMore()) {
                return last;
            }
        }
    }

    @Test
    void concurrentWritersWhilePaging() throws Exception {
        ListingServices listings = a.registry().listings();
        long start = new ListingRepository(a.server.db.database().dsl()).lastSeq();
        int writers = 6;
        int updatesEach = 8;
        List<UUID> blocks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            blocks.add(a.block());
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<ListingChange> read = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        Future<?> reader = pool.submit(() -> {
            long cursor = start;
            while (writing.get()) {
                cursor = drain(listings.feed(), cursor, read);
            }
            drain(listings.feed(), cursor, read);
            return null;
        });
        List<Future<List<String>>> done = new ArrayList<>();
        for (UUID block : blocks) {
            done.add(pool.submit(() -> {
                go.await();
                List<String> kinds = new ArrayList<>();
                Listing l = listings.drafts().create(Caller.SYSTEM, a.typedInput(block, "20000000.00"));
                kinds.add("CREATED");
                for (int v = 1; v <= updatesEach; v++) {
                    listings.drafts().update(Caller.SYSTEM, l.id().toString(), v, Auctions.conditions("revision " + v));
                    kinds.add("UPDATED");
                }
                listings.lifecycle().announce(Caller.SYSTEM, l.id().toString());
                kinds.add("ANNOUNCED");
                return kinds;
            }));
        }
        go.countDown();
        for (Future<List<String>> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        int expected = writers * (updatesEach + 2);
        assertEquals(expected, read.size(), "every change read exactly once");
        for (int i = 0; i < read.size(); i++) {
            assertEquals(start + 1 + i, read.get(i).seq());
        }
        // Per listing, the feed shows its changes in the order they were made.
        Map<UUID, List<String>> perListing = new HashMap<>();
        read.forEach(c -> perListing.computeIfAbsent(c.listingId(), k -> new ArrayList<>()).add(c.kind().name()));
        assertEquals(writers, perListing.size());
        for (List<String> kinds : perListing.values()) {
            assertEquals("CREATED", kinds.getFirst());
            assertEquals("ANNOUNCED", kinds.getLast());
            assertEquals(updatesEach + 2, kinds.size());
        }
        // Paging the whole feed again gives the same sequence.
        List<ListingChange> again = new ArrayList<>();
        drain(listings.feed(), start, again);
        assertEquals(read.stream().map(ListingChange::seq).toList(), again.stream().map(ListingChange::seq).toList());
    }

    /**
     * The case a plain sequence gets wrong: a writer takes number n and is slow to commit while another writes after
     * it. Here the second writer cannot take n+1 before the first commits, so a reader never sees n+1 without n.
     */
    @Test
    void aSlowWriterHoldsBackLaterNumbers() throws Exception {
        ListingServices listings = a.registry().listings();
        Listing listing = listings.drafts().create(Caller.SYSTEM, a.typedInput(a.block(), "20000000.00"));
        ListingRepository repository = new ListingRepository(a.server.db.database().dsl());
        long before = repository.lastSeq();
        CountDownLatch slowHasNumber = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Long> slow = pool.submit(() -> repository.dsl().transactionResult(cfg -> {
            long seq = repository.appendChange(cfg.dsl(), listing.id(), ListingChangeKind.UPDATED, ListingStatus.DRAFT, false, "slow").seq();
            slowHasNumber.countDown();
            Thread.sleep(800);
            return seq;
        }));
        slowHasNumber.await();
        Future<Long> fast = pool.submit(() -> repository.dsl().transactionResult(cfg ->
                repository.appendChange(cfg.dsl(), listing.id(), ListingChangeKind.UPDATED, ListingStatus.DRAFT, false, "fast").seq()));
        // While the slow writer has not committed, nothing after `before` is visible, not even the fast writer's change.
        for (int i = 0; i < 5; i++) {
            Thread.sleep(100);
            assertTrue(listings.feed().changes(STAFF, new PageRequest(10, ListingChange.cursor(before)), null).changes().isEmpty());
        }
        long slowSeq = slow.get(10, TimeUnit.SECONDS);
        long fastSeq = fast.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(before + 1, slowSeq);
        assertEquals(before + 2, fastSeq, "numbers follow commit order");
        assertEquals(List.of("slow", "fast"), listings.feed().changes(STAFF, new PageRequest(10, ListingChange.cursor(before)), null).changes().stream()
                .map(ListingChange::changedBy).toList());
    }

    @Test
    void aRolledBackWriteLeavesNoGap() {
        ListingServices listings = a.registry().listings();
        Listing listing = listings.drafts().create(Caller.SYSTEM, a.typedInput(a.block(), "20000000.00"));
        ListingRepository repository = new ListingRepository(a.server.db.database().dsl());
        long before = repository.lastSeq();
        try {
            repository.dsl().transaction(cfg -> {
                repository.appendChange(cfg.dsl(), listing.id(), ListingChangeKind.UPDATED, ListingStatus.DRAFT, false, "rolled back");
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // The transaction rolled back, taking its number with it.
        }
        listings.drafts().update(Caller.SYSTEM, listing.id().toString(), 1, Auctions.conditions("after the rollback"));
        List<ListingChange> after = listings.feed().changes(STAFF, new PageRequest(10, ListingChange.cursor(before)), null).changes();
        assertEquals(1, after.size());
        assertEquals(before + 1, after.getFirst().seq());
    }
}
