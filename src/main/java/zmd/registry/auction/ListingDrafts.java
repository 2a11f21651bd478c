package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;
import zmd.registry.access.Caller;
import zmd.registry.core.Decimals;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.Patched;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.db.generated.tables.records.ListingRecord;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatus;
import zmd.registry.parcel.ParcelStatusMoves;

/**
 * Preparing a listing as a DRAFT and changing its terms: the block must be PLANNED with no open listing, and the
 * terms must hold together (deposit and bid increment within the start price, a bidding window ahead that the
 * announcement precedes). Only staff editors prepare listings.
 */
public final class ListingDrafts {
    private final ListingRepository listings;
    private final ParcelService parcels;
    private final ParcelStatusMoves statusMoves;
    private final ListingWrites writes;
    private final Clock clock;

    ListingDrafts(ListingRepository listings, ParcelService parcels, ParcelStatusMoves statusMoves, ListingWrites writes, Clock clock) {
        this.listings = listings;
        this.parcels = parcels;
        this.statusMoves = statusMoves;
        this.writes = writes;
        this.clock = clock;
    }

    /** The same drafts on another clock: for replaying a listing's history in demo data. */
    public ListingDrafts withClock(Clock other) {
        return new ListingDrafts(listings, parcels, statusMoves, writes, other);
    }

    public Listing create(Caller caller, ListingDraft draft) {
        caller.requireEditor("Preparing a listing");
        UUID parcelId = RegistryException.parseId(draft.parcelId(), "parcelId");
        MineParcel parcel = parcels.visibleByIds(caller, List.of(parcelId)).get(parcelId);
        if (parcel == null) {
            throw RegistryException.notFound("block " + parcelId);
        }
        BigDecimal start = draft.startPriceYuan();
        if (start == null) {
            start = parcel.plannedStartPriceYuan();
            if (start == null) {
                throw RegistryException.badInput("startPriceYuan", "startPriceYuan is required: block " + parcel.code() + " has no planned start price");
            }
        }
        ListingRecord values = new ListingRecord();
        values.setParcelId(parcelId);
        values.setMethod(draft.method().name());
        values.setStartPrice(money(start, "startPriceYuan", false));
        values.setDeposit(money(draft.depositYuan(), "depositYuan", true));
        values.setBidIncrement(money(draft.bidIncrementYuan(), "bidIncrementYuan", false));
        values.setAnnouncementDate(draft.announcementDate());
        values.setBiddingStart(draft.biddingStart());
        values.setBiddingEnd(draft.biddingEnd());
        values.setConditions(Texts.optional(draft.conditions(), "conditions", 5000));
        values.setCreatedBy(caller.name());
        checkTerms(values);

        return writes.commit(caller, "createListing", tx -> {
            ParcelStatusMoves.State state = statusMoves.hold(tx, parcelId);
            if (!ParcelStatus.PLANNED.name().equals(state.status())) {
                throw new RegistryException(ErrorCode.CONFLICT, "block " + parcel.code() + " is " + state.status()
                        + "; only a PLANNED block can be listed", Map.of("field", "parcelId", "parcelStatus", state.status()));
            }
            if (listings.hasOpenListing(tx, parcelId)) {
                throw new RegistryException(ErrorCode.CONFLICT, "block " + parcel.code() + " already has an open listing (DRAFT, ANNOUNCED or BIDDING); "
                        + "withdraw it first", Map.of("field", "parcelId"));
            }
            UUID newId = listings.insert(tx, values);
            listings.appendChange(tx, newId, ListingChangeKind.CREATED, ListingStatus.DRAFT, false, caller.name());
            return newId;
        });
    }

    public Listing update(Caller caller, String idText, int version, ListingPatch patch) {
        caller.requireEditor("Changing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        return writes.commit(caller, "updateListing", tx -> {
            Listing current = listings.lock(tx, id).orElseThrow(() -> RegistryException.notFound("listing " + idText));
            if (current.status() != ListingStatus.DRAFT) {
                throw new RegistryException(ErrorCode.CONFLICT, "the listing is " + current.status() + "; only a DRAFT can be changed "
                        + "(withdraw it and prepare a new one)", Map.of("status", current.status().name()));
            }
            if (current.version() != version) {
                throw new RegistryException(ErrorCode.CONFLICT, "listing " + idText + " was changed by someone else: you sent version " + version
                        + ", it is at version " + current.version() + "; reload it and apply your change again",
                        Map.of("currentVersion", current.version()));
            }
            ListingRecord changes = new ListingRecord();
            changes.changed(false);
            ListingRecord merged = record(current);
            // A method sent as null keeps the stored one.
            if (patch.method().value() != null) {
                changes.setMethod(patch.method().value().name());
            }
            if (patch.startPriceYuan().sent()) {
                changes.setStartPrice(money(patch.startPriceYuan().value(), "startPriceYuan", false));
            }
            if (patch.depositYuan().sent()) {
                changes.setDeposit(money(patch.depositYuan().value(), "depositYuan", true));
            }
            if (patch.bidIncrementYuan().sent()) {
                changes.setBidIncrement(money(patch.bidIncrementYuan().value(), "bidIncrementYuan", false));
            }
            notCleared(patch.announcementDate(), "announcementDate");
            notCleared(patch.biddingStart(), "biddingStart");
            notCleared(patch.biddingEnd(), "biddingEnd");
            if (patch.announcementDate().value() != null) {
                changes.setAnnouncementDate(patch.announcementDate().value());
            }
            if (patch.biddingStart().value() != null) {
                changes.setBiddingStart(patch.biddingStart().value());
            }
            if (patch.biddingEnd().value() != null) {
                changes.setBiddingEnd(patch.biddingEnd().value());
            }
            if (patch.conditions().sent()) {
                changes.setConditions(Texts.optional(patch.conditions().value(), "conditions", 5000));
            }
            overlay(merged, changes);
            checkTerms(merged);
            listings.update(tx, id, changes);
            listings.appendChange(tx, id, ListingChangeKind.UPDATED, ListingStatus.DRAFT, false, caller.name());
            return id;
        });
    }

    private void checkTerms(ListingRecord r) {
        BigDecimal start = r.getStartPrice();
        if (r.getDeposit().compareTo(start) > 0) {
            throw RegistryException.badInput("depositYuan", "the deposit " + r.getDeposit().toPlainString() + " 元 is above the start price "
                    + start.toPlainString() + " 元");
        }
        if (r.getBidIncrement().compareTo(start) > 0) {
            throw RegistryException.badInput("bidIncrementYuan", "the bid increment " + r.getBidIncrement().toPlainString() + " 元 is above the start price "
                    + start.toPlainString() + " 元");
        }
        OffsetDateTime start0 = r.getBiddingStart();
        OffsetDateTime end = r.getBiddingEnd();
        if (!end.isAfter(start0)) {
            throw RegistryException.badInput("biddingEnd", "the bidding window is reversed or empty: it ends " + end + ", not after it starts " + start0);
        }
        if (!start0.isAfter(OffsetDateTime.now(clock))) {
            throw RegistryException.badInput("biddingStart", "the bidding window starts in the past (" + start0 + "); it must start after now");
        }
        LocalDate firstBiddingDay = start0.atZoneSameInstant(Listing.ZONE).toLocalDate();
        if (!r.getAnnouncementDate().isBefore(firstBiddingDay)) {
            throw RegistryException.badInput("announcementDate", "the announcement (" + r.getAnnouncementDate()
                    + ") must precede the bidding window, which opens on " + firstBiddingDay + " (China Standard Time)");
        }
    }

    /** Writes the patch's changes over the stored terms: the terms check holds for the listing as it will be. */
    @SuppressWarnings("unchecked")
    private static void overlay(ListingRecord target, ListingRecord changes) {
        for (Field<?> f : changes.fields()) {
            if (changes.changed(f)) {
                target.set((Field<Object>) f, changes.get(f));
            }
        }
    }

    private static ListingRecord record(Listing l) {
        ListingRecord r = new ListingRecord();
        r.setMethod(l.method().name());
        r.setStartPrice(l.startPriceYuan());
        r.setDeposit(l.depositYuan());
        r.setBidIncrement(l.bidIncrementYuan());
        r.setAnnouncementDate(l.announcementDate());
        r.setBiddingStart(l.biddingStart());
        r.setBiddingEnd(l.biddingEnd());
        r.setConditions(l.conditions());
        return r;
    }

    private static void notCleared(Patched<?> field, String name) {
        if (field.cleared()) {
            throw RegistryException.badInput(name, name + " cannot be cleared");
        }
    }

    private static BigDecimal money(BigDecimal yuan, String field, boolean zeroAllowed) {
        return Decimals.column(yuan, field, Decimals.YUAN, zeroAllowed);
    }
}
