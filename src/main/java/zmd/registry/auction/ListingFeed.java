package zmd.registry.auction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;

/** The change feed as the caller may see it: paged after a cursor, and live as changes commit. */
public final class ListingFeed {
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(100, 1, 1000);

    private final ListingRepository listings;
    private final ListingEvents events;

    ListingFeed(ListingRepository listings, ListingEvents events) {
        this.listings = listings;
        this.events = events;
    }

    /**
     * A page of the change feed after the cursor, with the cursor to continue from; {@code rows} pairs each change
     * with its listing as the caller may see it (null when they may not). {@code wholeListings} is false when the
     * listings were read for a given selection only (see {@link #changes}).
     */
    public record ChangePage(List<ListingRepository.ChangeWithListing> rows, String endCursor, boolean hasMore, boolean wholeListings) {
        /** The page's changes, in commit order. */
        public List<ListingChange> changes() {
            return rows.stream().map(ListingRepository.ChangeWithListing::change).toList();
        }

        /** The listings read with the page, by id. */
        public Map<UUID, Listing> listings() {
            Map<UUID, Listing> out = new HashMap<>();
            rows.forEach(r -> {
                if (r.listing() != null) {
                    out.put(r.listing().id(), r.listing());
                }
            });
            return out;
        }
    }

    /**
     * The page of changes after a cursor. With {@code listingFields}, the names of the Listing fields the caller
     * selected, only what those need is read of each listing; null reads whole listings.
     */
    public ChangePage changes(Caller caller, PageRequest request, Set<String> listingFields) {
        long from = request.after() == null ? 0 : seqOf(request.after());
        List<ListingRepository.ChangeWithListing> rows = listings.changesWithListings(from, request.fetch(), !caller.isStaff(), listingFields);
        boolean more = rows.size() > request.first();
        List<ListingRepository.ChangeWithListing> kept = more ? rows.subList(0, request.first()) : rows;
        String end = kept.isEmpty() ? ListingChange.cursor(from) : kept.getLast().change().cursor();
        return new ChangePage(kept, end, more, listingFields == null);
    }

    /**
     * Live changes the caller may see, optionally of one listing; with {@code after} (a change's cursor), those
     * committed after it first, so that a subscriber back from a lost connection misses none and gets none twice.
     */
    public Publisher<ListingChange> subscribe(Caller caller, String listingId, String after) {
        // A platform subscribing to a draft's id learns nothing: the stream stays silent until it is announced.
        UUID id = listingId == null ? null : RegistryException.parseId(listingId, "listingId");
        long from = after == null ? -1 : seqOf(after);
        if (from > listings.lastSeq()) {
            throw RegistryException.badInput("after", "after is past the feed's last change (" + listings.lastSeq()
                    + "): it is a cursor of another register");
        }
        Predicate<ListingChange> wanted = ListingEvents.of(id).and(c -> caller.isStaff() || c.visibleToPublic());
        return events.subscribe(wanted, from);
    }

    private static long seqOf(String cursor) {
        List<?> c = Cursors.decode(cursor, "after");
        if (c.size() != 2 || !ListingChange.CURSOR_TAG.equals(c.get(0)) || !(c.get(1) instanceof Number n) || n.longValue() < 0) {
            throw RegistryException.badInput("after", "after is not a cursor of listingChanges");
        }
        return n.longValue();
    }
}
