package zmd.registry.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.county.County;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.generated.tables.records.ListingRecord;
import zmd.registry.core.Cursors;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.Patched;
import zmd.registry.core.Decimals;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatusMoves;
import zmd.registry.pricing.PricingService;
import zmd.registry.pricing.StartPriceFloor;

/**
 * Auction listings: who may see which listing, the lifecycle with the block's status kept in step, the announce
 * gate, outcome reports, and the change feed. Every write is one transaction that ends by appending to the feed.
 */
public final class ListingService {
    private static final Logger log = LoggerFactory.getLogger(ListingService.class);
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(50, 0, 200);
    public static final PageRequest.Sizes CHANGE_PAGE_SIZES = new PageRequest.Sizes(100, 1, 1000);
    /** Dates of announcements and bidding windows are read in China Standard Time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** A platform's clock may run a little ahead of ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListingRepository listings;
    private final ParcelService parcels;
    private final ParcelStatusMoves statusMoves;
    private final CountyRepository counties;
    private final PricingService pricing;
    private final ClearanceCheck clearance;
    private final ListingEvents events;
    private final Clock clock;

    public ListingService(ListingRepository listings, ParcelService parcels, ParcelStatusMoves statusMoves, CountyRepository counties,
                          PricingService pricing, ClearanceCheck clearance, ListingEvents events, Clock clock) {
        this.listings = listings;
        this.parcels = parcels;
        this.statusMoves = statusMoves;
        this.counties = counties;
        this.pricing = pricing;
        this.clearance = clearance;
        this.events = events;
        this.clock = clock;
    }

    /** The same service on another clock: for replaying a listing's history in demo data. */
    public ListingService withClock(Clock other) {
        return new ListingService(listings, parcels, statusMoves, counties, pricing, clearance, events, other);
    }

    /** Staff see every listing; platforms and the public only announced ones. Applied to every read. */
    public static Condition visibleTo(Caller caller) {
        return caller.isStaff() ? DSL.trueCondition() : ListingRepository.publicListing();
    }

    private static boolean sees(Caller caller, Listing l) {
        return caller.isStaff() || l.visibleToPublic();
    }

    private static boolean sees(Caller caller, ListingChange c) {
        return caller.isStaff() || c.visibleToPublic();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    // ---- reads

    public Optional<Listing> get(Caller caller, String id) {
        return listings.byId(listings.dsl(), RegistryException.parseId(id, "id"), visibleTo(caller));
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
            countyCodes = f.counties().stream().map(n -> {
                County c = counties.find(n);
                if (c == null) {
                    throw RegistryException.badInput("filter.county", "filter.county: unknown county " + Texts.quoted(n));
                }
                return c.code();
            }).toList();
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
        long from = 0;
        if (request.after() != null) {
            List<?> c = Cursors.decode(request.after(), "after");
            if (c.size() != 2 || !ListingChange.CURSOR_TAG.equals(c.get(0)) || !(c.get(1) instanceof Number n) || n.longValue() < 0) {
                throw RegistryException.badInput("after", "after is not a cursor of listingChanges");
            }
            from = n.longValue();
        }
        List<ListingRepository.ChangeWithListing> rows = listings.changesWithListings(from, request.fetch(), !caller.isStaff(), listingFields);
        boolean more = rows.size() > request.first();
        List<ListingRepository.ChangeWithListing> kept = more ? rows.subList(0, request.first()) : rows;
        String end = kept.isEmpty() ? ListingChange.cursor(from) : kept.getLast().change().cursor();
        return new ChangePage(kept, end, more, listingFields == null);
    }

    /** Live changes the caller may see, optionally of one listing; the events are the feed's own. */
    public Publisher<ListingChange> subscribe(Caller caller, String listingId) {
        // A platform subscribing to a draft's id learns nothing: the stream stays silent until it is announced.
        UUID id = listingId == null ? null : RegistryException.parseId(listingId, "listingId");
        Predicate<ListingChange> wanted = ListingEvents.of(id).and(c -> sees(caller, c));
        return events.subscribe(wanted);
    }

    // ---- writes

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

        UUID id = write(tx -> {
            ParcelStatusMoves.State state = statusMoves.hold(tx, parcelId);
            if (!"PLANNED".equals(state.status())) {
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
        return staffView(id);
    }

    public Listing update(Caller caller, String idText, int version, ListingPatch patch) {
        caller.requireEditor("Changing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        return write(tx -> {
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
        }, this::staffView);
    }

    /** The gate's verdict for a DRAFT, without writing anything. */
    public AnnounceGate.Result checkAnnouncement(Caller caller, String idText) {
        caller.requireStaff("Checking a listing");
        Listing listing = listings.byId(listings.dsl(), RegistryException.parseId(idText, "listingId"), DSL.trueCondition())
                .orElseThrow(() -> RegistryException.notFound("listing " + idText));
        Clearance c = clearanceOf(listing.parcelId());
        DSLContext dsl = listings.dsl();
        ParcelStatusMoves.State parcel = statusMoves.current(dsl, listing.parcelId()).orElseThrow();
        StartPriceFloor floor = pricing.floors(dsl, List.of(listing.parcelId()), AnnounceGate.priceDate(listing)).get(listing.parcelId());
        return AnnounceGate.evaluate(listing, parcel, floor, c, now());
    }

    public Listing announce(Caller caller, String idText) {
        caller.requireEditor("Announcing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        Listing before = listings.byId(listings.dsl(), id, DSL.trueCondition()).orElseThrow(() -> RegistryException.notFound("listing " + idText));
        requireTransition(before, ListingStatus.ANNOUNCED);
        ParcelStatusMoves.State parcelBefore = statusMoves.current(listings.dsl(), before.parcelId()).orElseThrow();
        // The overlap check runs before any lock is taken: it may read and write on its own connection.
        Clearance c = clearanceOf(before.parcelId());
        return write(tx -> {
            Listing current = listings.lock(tx, id).orElseThrow();
            requireTransition(current, ListingStatus.ANNOUNCED);
            ParcelStatusMoves.State parcel = statusMoves.hold(tx, current.parcelId());
            if (current.version() != before.version() || parcel.version() != parcelBefore.version()) {
                throw new RegistryException(ErrorCode.CONFLICT, "the listing or its block changed while the gate was checking; announce again");
            }
            StartPriceFloor floor = pricing.floors(tx, List.of(current.parcelId()), AnnounceGate.priceDate(current)).get(current.parcelId());
            OffsetDateTime now = now();
            AnnounceGate.Result gate = AnnounceGate.evaluate(current, parcel, floor, c, now);
            if (!gate.passes()) {
                throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "the listing cannot be announced: " + gate.failedRules().size()
                        + " rule" + (gate.failedRules().size() == 1 ? "" : "s") + " failed ("
                        + String.join(", ", gate.failedRules().stream().map(r -> (String) r.get("rule")).toList()) + "); nothing was written",
                        Map.of("from", current.status().name(), "to", "ANNOUNCED", "failedRules", gate.failedRules()));
            }
            ListingRecord changes = new ListingRecord();
            changes.changed(false);
            changes.setStatus(ListingStatus.ANNOUNCED.name());
            changes.setAnnouncedAt(now);
            changes.setAnnounceFloor(floor.floorYuan());
            changes.setAnnounceEvidence(JSONB.valueOf(json(gate.evidence())));
            listings.update(tx, id, changes);
            statusMoves.move(tx, current.parcelId(), ListingStatus.ANNOUNCED.parcelStatus());
            listings.appendChange(tx, id, ListingChangeKind.ANNOUNCED, ListingStatus.ANNOUNCED, true, caller.name());
            return id;
        }, this::staffView);
    }

    public Listing startBidding(Caller caller, String idText) {
        if (caller.role() != Role.STAFF_EDITOR && caller.role() != Role.PLATFORM) {
            throw RegistryException.forbidden("Opening bidding needs a STAFF_EDITOR or PLATFORM key; this request has role " + caller.role());
        }
        UUID id = RegistryException.parseId(idText, "id");
        return write(tx -> {
            Listing current = lockVisible(tx, caller, id, idText);
            requireTransition(current, ListingStatus.BIDDING);
            if (now().isBefore(current.biddingStart())) {
                throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "bidding opens at " + current.biddingStart() + "; it is " + now(),
                        Map.of("from", current.status().name(), "to", "BIDDING", "biddingStart", current.biddingStart().toString()));
            }
            transition(tx, current, ListingStatus.BIDDING, new ListingRecord());
            listings.appendChange(tx, id, ListingChangeKind.BIDDING_STARTED, ListingStatus.BIDDING, true, caller.name());
            return id;
        }, this::staffView);
    }

    public Listing withdraw(Caller caller, String idText, String reason) {
        caller.requireEditor("Withdrawing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        String why = Texts.required(reason, "reason", 1000);
        return write(tx -> {
            Listing current = listings.lock(tx, id).orElseThrow(() -> RegistryException.notFound("listing " + idText));
            requireTransition(current, ListingStatus.WITHDRAWN);
            ListingRecord changes = new ListingRecord();
            changes.setWithdrawnAt(now());
            changes.setWithdrawReason(why);
            transition(tx, current, ListingStatus.WITHDRAWN, changes);
            listings.appendChange(tx, id, ListingChangeKind.WITHDRAWN, ListingStatus.WITHDRAWN, current.announcedAt() != null, caller.name());
            return id;
        }, this::staffView);
    }

    /** The result of an outcome report; {@code replayed} when it repeated an earlier one and wrote nothing. */
    public record OutcomeReport(Listing listing, boolean replayed) {
    }

    public OutcomeReport reportOutcome(Caller caller, String idText, OutcomeInput input) {
        if (caller.role() != Role.PLATFORM && caller.role() != Role.STAFF_EDITOR) {
            throw RegistryException.forbidden("Reporting an outcome needs a PLATFORM (or STAFF_EDITOR) key; this request has role " + caller.role());
        }
        UUID id = RegistryException.parseId(idText, "id");
        Listing.Outcome report = outcome(input, caller);
        ListingStatus to = report.result().status();
        boolean[] replayed = {false};
        Listing listing = write(tx -> {
            Listing current = lockVisible(tx, caller, id, idText);
            if (current.outcome() != null) {
                if (current.outcome().idempotencyKey().equals(report.idempotencyKey()) && sameReport(current.outcome(), report)) {
                    replayed[0] = true;
                    return id;
                }
                boolean sameKey = current.outcome().idempotencyKey().equals(report.idempotencyKey());
                throw new RegistryException(ErrorCode.CONFLICT, sameKey
                        ? "this idempotency key was already used for a different report on this listing (" + describe(current.outcome()) + "); nothing was written"
                        : "the outcome of this listing was already reported (" + describe(current.outcome()) + "); nothing was written",
                        Map.of("field", sameKey ? "input" : "input.idempotencyKey", "reportedResult", current.outcome().result().name()));
            }
            Optional<Listing> keyOwner = listings.byOutcomeKey(tx, report.idempotencyKey());
            if (keyOwner.isPresent()) {
                throw new RegistryException(ErrorCode.CONFLICT, "idempotency key " + report.idempotencyKey()
                        + " was already used for the report of another listing; use a new key per report", Map.of("field", "input.idempotencyKey"));
            }
            requireTransition(current, to);
            if (report.decidedAt().isBefore(current.biddingStart())) {
                throw RegistryException.badInput("input.decidedAt", "decidedAt " + report.decidedAt() + " is before the bidding window opened ("
                        + current.biddingStart() + ")");
            }
            if (to == ListingStatus.SOLD && report.finalPriceYuan().compareTo(current.startPriceYuan()) < 0) {
                throw RegistryException.badInput("input.finalPriceYuan", "the final price " + report.finalPriceYuan().toPlainString()
                        + " 元 is below the start price " + current.startPriceYuan().toPlainString() + " 元");
            }
            ListingRecord changes = new ListingRecord();
            changes.setFinalPrice(report.finalPriceYuan());
            changes.setWinnerName(report.winnerName());
            changes.setWinnerCreditCode(report.winnerCreditCode());
            changes.setDecidedAt(report.decidedAt());
            changes.setOutcomeKey(report.idempotencyKey());
            changes.setOutcomeReportedBy(caller.name());
            changes.setOutcomeReportedAt(now());
            transition(tx, current, to, changes);
            listings.appendChange(tx, id, report.result().changeKind(), to, true, caller.name());
            return id;
        }, this::staffView);
        return new OutcomeReport(listing, replayed[0]);
    }

    private Listing.Outcome outcome(OutcomeInput in, Caller caller) {
        String key = in.idempotencyKey();
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw RegistryException.badInput("input.idempotencyKey", "idempotencyKey must be 1 to 100 of A-Z a-z 0-9 . _ : -");
        }
        ListingResult result = in.result();
        // The database keeps microseconds: a retry must compare equal to what was stored.
        OffsetDateTime decidedAt = in.decidedAt().truncatedTo(ChronoUnit.MICROS);
        if (decidedAt.isAfter(now().plus(CLOCK_SKEW))) {
            throw RegistryException.badInput("input.decidedAt", "decidedAt " + decidedAt + " is in the future");
        }
        BigDecimal price = in.finalPriceYuan();
        String winner = Texts.optional(in.winnerName(), "input.winnerName", 200);
        String code = in.winnerCreditCode();
        if (result == ListingResult.SOLD) {
            if (price == null) {
                throw RegistryException.badInput("input.finalPriceYuan", "finalPriceYuan is required for SOLD");
            }
            money(price, "input.finalPriceYuan", false);
            if (winner == null) {
                throw RegistryException.badInput("input.winnerName", "winnerName is required for SOLD");
            }
            if (code == null) {
                throw RegistryException.badInput("input.winnerCreditCode", "winnerCreditCode is required for SOLD");
            }
            String problem = CreditCode.problem(code);
            if (problem != null) {
                throw RegistryException.badInput("input.winnerCreditCode", "winnerCreditCode " + Texts.quoted(code) + " is not a valid unified social credit code: " + problem);
            }
        } else if (price != null || winner != null || code != null) {
            throw RegistryException.badInput(price != null ? "input.finalPriceYuan" : winner != null ? "input.winnerName" : "input.winnerCreditCode",
                    "an UNSOLD report has no final price and no winner");
        }
        return new Listing.Outcome(result, price, winner, code, decidedAt, key, caller.name(), null);
    }

    private static boolean sameReport(Listing.Outcome stored, Listing.Outcome report) {
        return stored.result().equals(report.result())
                && (stored.finalPriceYuan() == null ? report.finalPriceYuan() == null
                        : report.finalPriceYuan() != null && stored.finalPriceYuan().compareTo(report.finalPriceYuan()) == 0)
                && Objects.equals(stored.winnerName(), report.winnerName())
                && Objects.equals(stored.winnerCreditCode(), report.winnerCreditCode())
                && stored.decidedAt().toInstant().equals(report.decidedAt().toInstant());
    }

    private static String describe(Listing.Outcome o) {
        return o.result() + (o.finalPriceYuan() != null ? " at " + o.finalPriceYuan().toPlainString() + " 元 to " + o.winnerName() : "")
                + ", decided " + o.decidedAt() + ", key " + o.idempotencyKey();
    }

    // ---- helpers

    private Clearance clearanceOf(UUID parcelId) {
        try {
            Clearance c = clearance.check(parcelId);
            return c != null ? c : new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check gave no answer", null, null);
        } catch (RegistryException e) {
            return new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check refused: " + e.getMessage(), null, null);
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("overlap check failed for block {} (reference {})", parcelId, reference, e);
            return new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check failed (reference " + reference + ")", null, null);
        }
    }

    /** For a platform, a listing it may not see does not exist. */
    private Listing lockVisible(DSLContext tx, Caller caller, UUID id, String idText) {
        Listing current = listings.lock(tx, id).orElseThrow(() -> RegistryException.notFound("listing " + idText));
        if (!sees(caller, current)) {
            throw RegistryException.notFound("listing " + idText);
        }
        return current;
    }

    private static void requireTransition(Listing current, ListingStatus to) {
        if (!current.status().canBecome(to)) {
            throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "a listing cannot go from " + current.status() + " to " + to
                    + (current.status().next().isEmpty() ? ": " + current.status() + " is final" : "; from " + current.status() + " it can go to "
                    + String.join(" or ", current.status().next().stream().map(Enum::name).toList())),
                    Map.of("from", current.status().name(), "to", to.name(),
                            "allowed", current.status().next().stream().map(Enum::name).toList()));
        }
    }

    /** Writes the new status (with {@code changes}) and has the parcel feature move the block in step, in the same transaction. */
    private void transition(DSLContext tx, Listing current, ListingStatus to, ListingRecord changes) {
        changes.setStatus(to.name());
        listings.update(tx, current.id(), changes);
        if (to.parcelStatus() != null) {
            statusMoves.hold(tx, current.parcelId());
            statusMoves.move(tx, current.parcelId(), to.parcelStatus());
        }
    }

    private interface TxWork {
        UUID run(DSLContext tx);
    }

    /** One transaction; once it has committed, its change goes out to subscribers. */
    private UUID write(TxWork work) {
        UUID id = listings.dsl().transactionResult(cfg -> work.run(cfg.dsl()));
        events.committed();
        return id;
    }

    private Listing write(TxWork work, java.util.function.Function<UUID, Listing> view) {
        return view.apply(write(work));
    }

    private Listing staffView(UUID id) {
        return listings.byId(listings.dsl(), id, DSL.trueCondition()).orElseThrow();
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
        if (!start0.isAfter(now())) {
            throw RegistryException.badInput("biddingStart", "the bidding window starts in the past (" + start0 + "); it must start after now");
        }
        LocalDate firstBiddingDay = start0.atZoneSameInstant(ZONE).toLocalDate();
        if (!r.getAnnouncementDate().isBefore(firstBiddingDay)) {
            throw RegistryException.badInput("announcementDate", "the announcement (" + r.getAnnouncementDate()
                    + ") must precede the bidding window, which opens on " + firstBiddingDay + " (China Standard Time)");
        }
    }

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

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evidence is not JSON-able: " + e.getOriginalMessage(), e);
        }
    }
}
