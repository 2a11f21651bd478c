package zmd.registry.auction;

import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.Changes;
import zmd.registry.db.generated.tables.records.ListingRecord;
import zmd.registry.parcel.ParcelStatusMoves;

/**
 * What every listing write shares: one transaction, which ends by appending to the feed and whose change goes out
 * to subscribers once it has committed; the listing then read back as staff see it; and the lifecycle's moves,
 * checked against {@link ListingStatus} and made with the block's status in step.
 */
final class ListingWrites {
    private final ListingRepository listings;
    private final ParcelStatusMoves statusMoves;
    private final ListingEvents events;

    ListingWrites(ListingRepository listings, ParcelStatusMoves statusMoves, ListingEvents events) {
        this.listings = listings;
        this.statusMoves = statusMoves;
        this.events = events;
    }

    /** The work of one write transaction; returns the id of the listing written. */
    interface Work {
        UUID run(DSLContext tx);
    }

    /**
     * Runs {@code work} in one transaction, logged in the change log as {@code action} by {@code caller}; once
     * committed, its change goes out and the listing is read back.
     */
    Listing commit(Caller caller, String action, Work work) {
        UUID id = Changes.transaction(listings.dsl(), caller, action, work::run);
        events.committed();
        return listings.byId(listings.dsl(), id, DSL.trueCondition()).orElseThrow();
    }

    /** The listing, locked; for a platform, a listing it may not see does not exist. */
    Listing lockVisible(DSLContext tx, Caller caller, UUID id, String idText) {
        Listing current = listings.lock(tx, id).orElseThrow(() -> RegistryException.notFound("listing " + idText));
        if (!caller.isStaff() && !current.visibleToPublic()) {
            throw RegistryException.notFound("listing " + idText);
        }
        return current;
    }

    static void requireTransition(Listing current, ListingStatus to) {
        if (!current.status().canBecome(to)) {
            throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "a listing cannot go from " + current.status() + " to " + to
                    + (current.status().next().isEmpty() ? ": " + current.status() + " is final" : "; from " + current.status() + " it can go to "
                    + String.join(" or ", current.status().next().stream().map(Enum::name).toList())),
                    Map.of("from", current.status().name(), "to", to.name(),
                            "allowed", current.status().next().stream().map(Enum::name).toList()));
        }
    }

    /** Writes the new status (with {@code changes}) and has the parcel feature move the block in step, in the same transaction. */
    void transition(DSLContext tx, Listing current, ListingStatus to, ListingRecord changes) {
        changes.setStatus(to.name());
        listings.update(tx, current.id(), changes);
        if (to.parcelStatus() != null) {
            statusMoves.hold(tx, current.parcelId());
            statusMoves.move(tx, current.parcelId(), to.parcelStatus());
        }
    }
}
