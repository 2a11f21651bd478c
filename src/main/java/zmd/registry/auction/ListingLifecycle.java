package zmd.registry.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.compliance.ComplianceRepository;
import zmd.registry.compliance.ComplianceService;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.db.generated.tables.records.ListingRecord;
import zmd.registry.parcel.ParcelStatusMoves;
import zmd.registry.pricing.PricingService;
import zmd.registry.pricing.StartPriceFloor;
import zmd.registry.protection.OverlapReport;

/**
 * A listing's moves after its draft: announcing through the gate (overlap clearance, base prices, the start-price
 * floor), opening bidding once the window has opened, and withdrawing. Each move takes the block's status with it.
 */
public final class ListingLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ListingLifecycle.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListingRepository listings;
    private final ParcelStatusMoves statusMoves;
    private final PricingService pricing;
    private final ClearanceCheck clearance;
    private final ComplianceService compliance;
    private final ListingWrites writes;
    private final Clock clock;

    ListingLifecycle(ListingRepository listings, ParcelStatusMoves statusMoves, PricingService pricing, ClearanceCheck clearance,
                     ComplianceService compliance, ListingWrites writes, Clock clock) {
        this.listings = listings;
        this.statusMoves = statusMoves;
        this.pricing = pricing;
        this.clearance = clearance;
        this.compliance = compliance;
        this.writes = writes;
        this.clock = clock;
    }

    /** The same lifecycle on another clock: for replaying a listing's history in demo data. */
    public ListingLifecycle withClock(Clock other) {
        return new ListingLifecycle(listings, statusMoves, pricing, clearance, compliance, writes, other);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The gate's verdict for a DRAFT, without writing anything. */
    public AnnounceGate.Result checkAnnouncement(Caller caller, String idText) {
        caller.requireStaff("Checking a listing");
        Listing listing = listings.byId(listings.dsl(), RegistryException.parseId(idText, "listingId"), DSL.trueCondition())
                .orElseThrow(() -> RegistryException.notFound("listing " + idText));
        Clearance c = clearanceOf(listing.parcelId(), null);
        DSLContext dsl = listings.dsl();
        ParcelStatusMoves.State parcel = statusMoves.current(dsl, listing.parcelId()).orElseThrow();
        StartPriceFloor floor = pricing.floors(dsl, List.of(listing.parcelId()), AnnounceGate.priceDate(listing)).get(listing.parcelId());
        return AnnounceGate.evaluate(listing, parcel, floor, c, now());
    }

    public Listing announce(Caller caller, String idText) {
        caller.requireEditor("Announcing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        Listing before = listings.byId(listings.dsl(), id, DSL.trueCondition()).orElseThrow(() -> RegistryException.notFound("listing " + idText));
        ListingWrites.requireTransition(before, ListingStatus.ANNOUNCED);
        ParcelStatusMoves.State parcelBefore = statusMoves.current(listings.dsl(), before.parcelId()).orElseThrow();
        // The compliance report (with the overlap check the gate decides on) is made before any lock is taken: it reads
        // on connections of its own. It is stored with the announcement, in its transaction, for the block version held.
        Checked checked = reportAndClearance(caller, before.parcelId());
        return writes.commit(caller, "announceListing", tx -> {
            Listing current = listings.lock(tx, id).orElseThrow();
            ListingWrites.requireTransition(current, ListingStatus.ANNOUNCED);
            ParcelStatusMoves.State parcel = statusMoves.hold(tx, current.parcelId());
            if (current.version() != before.version() || parcel.version() != parcelBefore.version()
                    || checked.report() != null && checked.report().signed().parcelVersion() != parcel.version()) {
                throw new RegistryException(ErrorCode.CONFLICT, "the listing or its block changed while the gate was checking; announce again");
            }
            StartPriceFloor floor = pricing.floors(tx, List.of(current.parcelId()), AnnounceGate.priceDate(current)).get(current.parcelId());
            OffsetDateTime now = now();
            AnnounceGate.Result gate = AnnounceGate.evaluate(current, parcel, floor, checked.clearance(), now);
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
            ComplianceRepository.Stored stored = compliance.store(tx, checked.report(), caller.name());
            Map<String, Object> evidence = new LinkedHashMap<>(gate.evidence());
            evidence.put("complianceReport", Map.of("id", stored.id().toString(), "sha256", stored.sha256()));
            changes.setAnnounceEvidence(JSONB.valueOf(json(evidence)));
            listings.update(tx, id, changes);
            // The block is held already, since the gate read it.
            statusMoves.move(tx, current.parcelId(), ListingStatus.ANNOUNCED.parcelStatus());
            listings.appendChange(tx, id, ListingChangeKind.ANNOUNCED, ListingStatus.ANNOUNCED, true, caller.name());
            return id;
        });
    }

    public Listing startBidding(Caller caller, String idText) {
        if (caller.role() != Role.STAFF_EDITOR && caller.role() != Role.PLATFORM) {
            throw RegistryException.forbidden("Opening bidding needs a STAFF_EDITOR or PLATFORM key; this request has role " + caller.role());
        }
        UUID id = RegistryException.parseId(idText, "id");
        return writes.commit(caller, "startBidding", tx -> {
            Listing current = writes.lockVisible(tx, caller, id, idText);
            ListingWrites.requireTransition(current, ListingStatus.BIDDING);
            if (now().isBefore(current.biddingStart())) {
                throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "bidding opens at " + current.biddingStart() + "; it is " + now(),
                        Map.of("from", current.status().name(), "to", "BIDDING", "biddingStart", current.biddingStart().toString()));
            }
            writes.transition(tx, current, ListingStatus.BIDDING, new ListingRecord());
            listings.appendChange(tx, id, ListingChangeKind.BIDDING_STARTED, ListingStatus.BIDDING, true, caller.name());
            return id;
        });
    }

    public Listing withdraw(Caller caller, String idText, String reason) {
        caller.requireEditor("Withdrawing a listing");
        UUID id = RegistryException.parseId(idText, "id");
        String why = Texts.required(reason, "reason", 1000);
        return writes.commit(caller, "withdrawListing", tx -> {
            Listing current = listings.lock(tx, id).orElseThrow(() -> RegistryException.notFound("listing " + idText));
            ListingWrites.requireTransition(current, ListingStatus.WITHDRAWN);
            ListingRecord changes = new ListingRecord();
            changes.setWithdrawnAt(now());
            changes.setWithdrawReason(why);
            writes.transition(tx, current, ListingStatus.WITHDRAWN, changes);
            listings.appendChange(tx, id, ListingChangeKind.WITHDRAWN, ListingStatus.WITHDRAWN, current.announcedAt() != null, caller.name());
            return id;
        });
    }

    /** The compliance report an announcement relies on (null when it could not be made) and the clearance from its check. */
    private record Checked(ComplianceService.Prepared report, Clearance clearance) {
    }

    /** Without a report there is nothing to rely on: the clearance is then UNAVAILABLE, which the gate does not pass. */
    private Checked reportAndClearance(Caller caller, UUID parcelId) {
        ComplianceService.Prepared report;
        try {
            report = compliance.prepare(caller, parcelId);
        } catch (RegistryException e) {
            return new Checked(null, unavailable("the compliance report could not be made: " + e.getMessage()));
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("compliance report failed for block {} (reference {})", parcelId, reference, e);
            return new Checked(null, unavailable("the compliance report failed (reference " + reference + ")"));
        }
        return new Checked(report, clearanceOf(parcelId, report.overlap()));
    }

    private Clearance unavailable(String why) {
        return new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), why, null, null);
    }

    /**
     * The overlap check's verdict ({@code checked}: the report's check, or null to check now); a check that fails or
     * refuses gives UNAVAILABLE, which the gate does not pass.
     */
    private Clearance clearanceOf(UUID parcelId, OverlapReport checked) {
        try {
            Clearance c = clearance.check(parcelId, checked);
            return c != null ? c : new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check gave no answer", null, null);
        } catch (RegistryException e) {
            return new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check refused: " + e.getMessage(), null, null);
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("overlap check failed for block {} (reference {})", parcelId, reference, e);
            return new Clearance(Clearance.Verdict.UNAVAILABLE, clearance.toString(), "the overlap check failed (reference " + reference + ")", null, null);
        }
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evidence is not JSON-able: " + e.getOriginalMessage(), e);
        }
    }
}
