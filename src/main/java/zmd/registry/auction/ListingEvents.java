package zmd.registry.auction;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.function.Predicate;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/**
 * Pushes committed listing changes to live subscriptions in this process. After each listing write commits, and
 * whenever PostgreSQL notifies a commit made through another server ({@code NOTIFY listing_change}, see
 * {@link zmd.registry.db.Database#listen}), the feed is read back from the last change pushed: the change feed is
 * gapless and its numbers become visible in order, so subscribers get every change once, in seq order, even when
 * writers finish out of order or on other servers.
 * Each subscription has its own bounded buffer delivered on its own virtual thread, so a slow client never holds
 * up a writer: when its buffer is full it is ended with an error, and the client subscribes again with the
 * cursor of the last change it received, which replays what it missed before going live.
 */
public final class ListingEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListingEvents.class);
    static final int BUFFER = 256;
    private static final int READ_BATCH = 500;
    /** A replay joins the live pushes once this close: the rest is given under the lock, within the buffer. */
    private static final int JOIN_GAP = BUFFER / 4;

    /** Where committed changes are read back from. */
    public interface Feed {
        long lastSeq();

        List<ListingChange> after(long seq, int limit);
    }

    private final Feed feed;
    private final ExecutorService delivery = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Sink> sinks = ConcurrentHashMap.newKeySet();
    private final Object order = new Object();
    private long lastPushed;

    public ListingEvents(Feed feed) {
        this.feed = feed;
    }

    private final class Sink {
        final SubmissionPublisher<ListingChange> publisher = new SubmissionPublisher<>(delivery, BUFFER);
        final Predicate<ListingChange> wanted;
        /** The last seq given to this sink (or skipped as unwanted); a change at or below it is never given again. */
        long delivered;

        Sink(Predicate<ListingChange> wanted, long after) {
            this.wanted = wanted;
            this.delivered = after;
        }

        /** Set under the order lock: a sink ended while it was joining is never added afterwards. */
        boolean ended;

        void end() {
            synchronized (order) {
                ended = true;
                sinks.remove(this);
            }
            publisher.close();
        }
    }

    /**
     * A live stream of the committed changes that pass {@code wanted}: those after seq {@code after} first (a
     * subscriber catching up after a reconnect), or, with a negative {@code after}, from the moment it is
     * subscribed to; it ends when cancelled. Subscribe to it once.
     */
    public Publisher<ListingChange> subscribe(Predicate<ListingChange> wanted, long after) {
        Sink sink = new Sink(wanted, after);
        Flow.Publisher<ListingChange> flow = subscriber -> {
            sink.publisher.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            subscription.request(n);
                        }

                        @Override
                        public void cancel() {
                            subscription.cancel();
                            sink.end();
                        }
                    });
                }

                @Override
                public void onNext(ListingChange item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    sinks.remove(sink);
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    sinks.remove(sink);
                    subscriber.onComplete();
                }
            });
            // Pushed to only once its subscriber is attached: the publisher buffers for attached subscribers only.
            if (after < 0) {
                synchronized (order) {
                    startIfIdle();
                    sink.delivered = lastPushed;
                    if (!sink.ended) {
                        sinks.add(sink);
                    }
                }
            } else {
                delivery.execute(() -> catchUp(sink));
            }
        };
        return FlowAdapters.toPublisher(flow);
    }

    private void startIfIdle() {
        if (sinks.isEmpty()) {
            // Nobody listened, so nothing was read back: start from what is committed now.
            lastPushed = feed.lastSeq();
        }
    }

    /**
     * Replays the changes after the sink's cursor at the subscriber's pace, then joins the live pushes. The lock is
     * taken only for the last stretch (at most a page): writers and other subscribers never wait for a replay.
     */
    private void catchUp(Sink sink) {
        try {
            while (!sink.publisher.isClosed()) {
                // The join gives its last stretch without waiting: leave it room in the subscriber's buffer.
                while (sink.publisher.estimateMaximumLag() > BUFFER - 2 * JOIN_GAP && !sink.publisher.isClosed()) {
                    Thread.sleep(5);
                }
                synchronized (order) {
                    startIfIdle();
                    if (lastPushed - sink.delivered <= JOIN_GAP) {
                        if (sink.ended) {
                            return;
                        }
                        for (ListingChange change : feed.after(sink.delivered, (int) Math.max(0, lastPushed - sink.delivered))) {
                            give(sink, change);
                        }
                        // Pushes from here on skip what the replay gave already (sink.delivered may pass lastPushed).
                        sinks.add(sink);
                        return;
                    }
                }
                for (ListingChange change : feed.after(sink.delivered, READ_BATCH)) {
                    if (sink.wanted.test(change)) {
                        sink.publisher.submit(change); // waits for the subscriber: a replay goes at its pace
                    }
                    sink.delivered = change.seq();
                }
            }
        } catch (RuntimeException e) {
            // Cancelled meanwhile (the publisher refuses items once closed), or the feed could not be read.
            if (!sink.publisher.isClosed()) {
                log.info("a listing subscription could not catch up: {}", e.toString());
                sink.publisher.closeExceptionally(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.publisher.close();
        }
    }

    /** Called after a listing write committed: pushes every change committed since the last push, in order. */
    public void committed() {
        synchronized (order) {
            if (sinks.isEmpty()) {
                return;
            }
            List<ListingChange> changes;
            do {
                changes = feed.after(lastPushed, READ_BATCH);
                for (ListingChange change : changes) {
                    push(change);
                    lastPushed = change.seq();
                }
            } while (changes.size() == READ_BATCH);
        }
    }

    private void push(ListingChange change) {
        for (Sink sink : sinks) {
            give(sink, change);
        }
    }

    private void give(Sink sink, ListingChange change) {
        if (change.seq() <= sink.delivered) {
            return;
        }
        sink.delivered = change.seq();
        if (sink.publisher.isClosed()) {
            // Ended by its subscriber's error or completion, whose removal may still be on its way.
            sinks.remove(sink);
            return;
        }
        if (sink.wanted.test(change)) {
            int lag;
            try {
                lag = sink.publisher.offer(change, (subscriber, dropped) -> false);
            } catch (IllegalStateException closedMeanwhile) {
                sinks.remove(sink);
                return;
            }
            if (lag < 0) {
                sinks.remove(sink);
                sink.publisher.closeExceptionally(new RegistryException(ErrorCode.CONFLICT, "the subscription fell " + BUFFER
                        + " changes behind and was ended; subscribe again with listingChanged(after: <cursor of the last change received>)"));
                log.info("ended a listing subscription that fell {} changes behind", BUFFER);
            }
        }
    }

    int subscriptions() {
        return sinks.size();
    }

    /** Changes of one listing, or of all. */
    public static Predicate<ListingChange> of(UUID listingId) {
        return listingId == null ? c -> true : c -> c.listingId().equals(listingId);
    }

    @Override
    public void close() {
        List.copyOf(sinks).forEach(Sink::end);
        delivery.close();
    }
}
