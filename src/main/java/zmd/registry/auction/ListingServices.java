package zmd.registry.auction;

import java.time.Clock;
import zmd.registry.compliance.ComplianceService;
import zmd.registry.county.CountyRepository;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatusMoves;
import zmd.registry.pricing.PricingService;

/** The auction feature's services, one per use case, built together: the writing ones share ListingWrites. */
public record ListingServices(ListingReads reads, ListingFeed feed, ListingDrafts drafts, ListingLifecycle lifecycle, OutcomeReports outcomes) {

    public static ListingServices create(ListingRepository listings, ParcelService parcels, ParcelStatusMoves statusMoves, CountyRepository counties,
                                         PricingService pricing, ClearanceCheck clearance, ComplianceService compliance, ListingEvents events,
                                         Clock clock) {
        ListingWrites writes = new ListingWrites(listings, statusMoves, events);
        return new ListingServices(new ListingReads(listings, counties), new ListingFeed(listings, events),
                new ListingDrafts(listings, parcels, statusMoves, writes, clock),
                new ListingLifecycle(listings, statusMoves, pricing, clearance, compliance, writes, clock),
                new OutcomeReports(listings, writes, clock));
    }
}
