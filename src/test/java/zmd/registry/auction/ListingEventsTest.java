package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/** The in-process broadcaster: reads committed changes back in order, filters per subscriber, ends a subscriber that lags. */
class ListingEventsTest {
    /** A feed in memory: what the counter-ordered table would return. */
    static final class Feed implements ListingEvents.Feed {
        final List<ListingChange> committed = new CopyOnWriteArrayList<>();

        void commit(UUID listing, ListingStatus status, boolean visible) {
            committed.add(new ListingChange(committed.size() + 1, listing, ListingChangeKind.UPDATED, status, visible, OffsetDateTime.now(), "test"));
        }

        @Override
        public long lastSeq() {
            return committed.size();
        }

        @Override
        public List<ListingChange> after(long seq, int limit) {
            return committed.stream().filter(c -> c.seq() > seq).limit(limit).toList();
        }
    }

    static final class Collector implements Subscriber<ListingChange> {
        final List<ListingChange> got = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();
        final long demand;
        Subscription subscription;

        Collector(long demand) {
            this.demand = demand;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (demand > 0) {
                s.request(demand);
            }
        }

        @Override
        public void onNext(ListingChange item) {
            got.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.complete(t);
        }

        @Override
        public void onComplete() {
            error.complete(null);
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    @Test
    void deliversEachCommittedChangeOnceInOrderFromSubscription() throws Exception {
        Feed feed = new Feed();
        UUID listing = UUID.randomUUID();
        feed.commit(listing, ListingStatus.DRAFT, false);
        try (ListingEvents events = new ListingEvents(feed)) {
            Collector all = new Collector(Long.MAX_VALUE);
            Collector outside = new Collector(Long.MAX_VALUE);
            events.subscribe(c -> true, -1).subscribe(all);
            events.subscribe(ListingChange::visibleToPublic, -1).subscribe(outside);
            // Two writers commit, then both call committed(): each change goes out once, in seq order.
            feed.commit(listing, ListingStatus.DRAFT, false);
            feed.commit(listing, ListingStatus.ANNOUNCED, true);
            events.committed();
            events.committed();
            feed.commit(listing, ListingStatus.BIDDING, true);
            events.committed();
            await(() -> all.got.size() == 3 && outside.got.size() == 2);
            assertEquals(List.of(2L, 3L, 4L), all.got.stream().map(ListingChange::seq).toList(), "not the change committed before subscribing");
            assertEquals(List.of(3L, 4L), outside.got.stream().map(ListingChange::seq).toList());
            all.subscription.cancel();
            assertEquals(1, events.subscriptions());
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsEndedWithAnError() throws Exception {
        Feed feed = new Feed();
        try (ListingEvents events = new ListingEvents(feed)) {
            Collector stuck = new Collector(0);
            events.subscribe(c -> true, -1).subscribe(stuck);
            for (int i = 0; i < ListingEvents.BUFFER + 10; i++) {
                feed.commit(UUID.randomUUID(), ListingStatus.ANNOUNCED, true);
            }
            events.committed();
            Throwable t = stuck.error.get(5, TimeUnit.SECONDS);
            RegistryException e = assertInstanceOf(RegistryException.class, t);
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage().contains("listingChanged(after:"), e.getMessage());
            assertEquals(0, events.subscriptions());
            List<ListingChange> none = new ArrayList<>(stuck.got);
            assertEquals(List.of(), none);
        }
    }

    @Test
    void aReplayWhileWritersCommitGivesEveryChangeOnceInOrder() throws Exception {
        Feed feed = new Feed();
        UUID listing = UUID.randomUUID();
        for (int i = 0; i < 1_000; i++) {
            feed.commit(listing, ListingStatus.ANNOUNCED, i % 3 != 0);
        }
        try (ListingEvents events = new ListingEvents(feed)) {
            Collector live = new Collector(Long.MAX_VALUE);
            events.subscribe(c -> true, -1).subscribe(live);
            Collector back = new Collector(Long.MAX_VALUE);
            events.subscribe(ListingChange::visibleToPublic, 100).subscribe(back);
            // Writers go on while the replay runs: each commit is pushed as it comes.
            for (int i = 0; i < 500; i++) {
                feed.commit(listing, ListingStatus.ANNOUNCED, true);
                events.committed();
            }
            List<Long> expected = feed.committed.stream().filter(c -> c.seq() > 100 && c.visibleToPublic()).map(ListingChange::seq).toList();
            await(() -> back.got.size() >= expected.size() && live.got.size() == 500);
            assertEquals(expected, back.got.stream().map(ListingChange::seq).toList());
            assertEquals(2, events.subscriptions(), "the replay joined the live pushes");
        }
    }
}
