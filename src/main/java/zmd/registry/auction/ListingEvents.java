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
 * Pushes committed listing changes to live subscriptions in this process. After each listing write commits, the
 * feed is read back from the last change pushed: the change feed is gapless and its numbers become visible in
 * order, so subscribers get every change once, in seq order, even when writers finish out of order.
 * Each subscription has its own bounded buffer delivered on its own virtual thread, so a slow client never holds
 * up a writer: when its buffer is full it is ended with an error, and the client catches up with
 * {@code listingChanges(after: <cursor of the last change it received>)}.
 *
 * <p>One server only: with several, each would see only its own writes. A multi-server deployment would add
 * {@code pg_notify('listing_change', seq)} in the write transaction (delivered on commit) and call
 * {@link #committed()} from a LISTEN connection on every server; nothing else changes.
 */
public final class ListingEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListingEvents.class);
    static final int BUFFER = 256;
    private static final int READ_BATCH = 500;

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

        Sink(Predicate<ListingChange> wanted) {
            this.wanted = wanted;
        }

        void end() {
            sinks.remove(this);
            publisher.close();
        }
    }

    /**
     * A live stream of the committed changes that pass {@code wanted}, from the moment it is subscribed to; it ends
     * when cancelled. Subscribe to it once.
     */
    public Publisher<ListingChange> subscribe(Predicate<ListingChange> wanted) {
        Sink sink = new Sink(wanted);
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
            synchronized (order) {
                if (sinks.isEmpty()) {
                    // Nobody listened, so nothing was read back: start from what is committed now.
                    lastPushed = feed.lastSeq();
                }
                sinks.add(sink);
            }
        };
        return FlowAdapters.toPublisher(flow);
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
            if (!sink.wanted.test(change)) {
                continue;
            }
            if (sink.publisher.offer(change, (subscriber, dropped) -> false) < 0) {
                sinks.remove(sink);
                sink.publisher.closeExceptionally(new RegistryException(ErrorCode.CONFLICT, "the subscription fell " + BUFFER
                        + " changes behind and was ended; catch up with listingChanges(after: <cursor of the last change received>) and subscribe again"));
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
