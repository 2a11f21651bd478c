package zmd.registry.auction;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.PastRows;

/** Listings as the caller may see them: by id, by block, and the filtered page, newest first. */
public final class ListingReads {
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(50, 0, 200);

    private final ListingRepository listings;
    private final CountyRepository counties;

    ListingReads(ListingRepository listings, CountyRepository counties) {
        this.listings = listings;
        this.counties = counties;
    }

    /** Staff see every listing; platforms and the public only announced ones. Applied to every read. */
    private static Condition visibleTo(Caller caller) {
        return caller.isStaff() ? DSL.trueCondition() : ListingRepository.publicListing();
    }

    public Optional<Listing> get(Caller caller, String id) {
        return listings.byId(listings.dsl(), RegistryException.parseId(id, "id"), visibleTo(caller));
    }

    /** The listing as it was at an instant (up to now), as the caller could see it then. */
    public Optional<Listing> get(Caller caller, String id, OffsetDateTime asOf) {
        if (asOf == null) {
            return get(caller, id);
        }
        PastRows.recorded(listings.dsl(), asOf, "asOf");
        return listings.byId(RegistryException.parseId(id, "id"), asOf, visibleTo(caller));
    }

    /** The listings of blocks as they were at an instant. */
    public Map<UUID, List<Listing>> byParcels(Caller caller, Collection<UUID> parcelIds, OffsetDateTime asOf) {
        return listings.byParcels(parcelIds, asOf, visibleTo(caller));
    }

    public Map<UUID, Listing> byIds(Caller caller, Collection<UUID> ids) {
        return listings.byIds(ids, visibleTo(caller));
    }

    public Map<UUID, List<Listing>> byParcels(Caller caller, Collection<UUID> parcelIds) {
        return listings.byParcels(parcelIds, visibleTo(caller));
    }

    public Page<Listing> list(Caller caller, ListingFilter f, PageRequest request) {
        OffsetDateTime afterAt = null;
        UUID afterId = null;
        if (request.after() != null) {
            List<?> c = Cursors.decode(request.after(), "after");
            try {
                if (c.size() != 3 || !"LISTING".equals(c.get(0))) {
                    throw new IllegalArgumentException();
                }
                afterAt = OffsetDateTime.parse((String) c.get(1));
                afterId = UUID.fromString((String) c.get(2));
            } catch (RuntimeException e) {
                throw RegistryException.badInput("after", "after is not a cursor of listings");
            }
        }
        List<String> countyCodes = null;
        if (f.counties() != null) {
            countyCodes = f.counties().stream().map(n -> counties.named(n, "filter.county").code()).toList();
        }
        String mineral = f.mineral() != null && !f.mineral().isBlank() ? f.mineral().strip() : null;
        UUID parcelId = f.parcelId() == null ? null : RegistryException.parseId(f.parcelId(), "filter.parcelId");
        ListingRepository.Query q = new ListingRepository.Query(f.statuses(), f.methods(), countyCodes, mineral, parcelId, afterAt, afterId,
                request.fetch());
        Condition visible = visibleTo(caller);
        return request.page(listings.page(q, visible),
                l -> Cursors.encode(List.of("LISTING", listedAt(l).toString(), l.id().toString())),
                () -> listings.count(q, visible));
    }

    private static OffsetDateTime listedAt(Listing l) {
        return l.announcedAt() != null ? l.announcedAt() : l.createdAt();
    }
}
