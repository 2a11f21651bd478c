package zmd.registry;

import java.time.Clock;
import java.util.List;
import zmd.registry.access.ApiKeys;
import zmd.registry.auction.AuctionFeature;
import zmd.registry.auction.ClearanceCheck;
import zmd.registry.auction.ListingChange;
import zmd.registry.auction.ListingEvents;
import zmd.registry.auction.ListingRepository;
import zmd.registry.auction.ListingService;
import zmd.registry.county.CountyFeature;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.Database;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.GraphQLFactory;
import zmd.registry.parcel.ParcelFeature;
import zmd.registry.parcel.ParcelRepository;
import zmd.registry.parcel.ParcelService;
import zmd.registry.pricing.BasePriceRepository;
import zmd.registry.pricing.PricingFeature;
import zmd.registry.pricing.PricingService;
import zmd.registry.reserve.ReserveFeature;
import zmd.registry.reserve.ReserveRepository;

/** The composition root: every service built once from the database, shared by the server, commands and tests. */
public final class Registry {
    private final Database database;
    private final ApiKeys apiKeys;
    private final CountyRepository counties;
    private final ParcelService parcels;
    private final PricingService pricing;
    private final ListingEvents listingEvents;
    private final ListingService listings;
    private final GraphQLFactory graphql;

    /** The registry on the system clock in China Standard Time, with no overlap check: announcing is refused. */
    public Registry(Database database) {
        this(database, Clock.system(ListingService.ZONE), ClearanceCheck.NONE);
    }

    /**
     * @param clock     what "now" and "today" are for listings and base prices
     * @param clearance the overlap check the announce gate asks (protected layers); {@link ClearanceCheck#NONE} refuses all
     */
    public Registry(Database database, Clock clock, ClearanceCheck clearance) {
        this.database = database;
        var dsl = database.dsl();
        this.apiKeys = new ApiKeys(dsl);
        this.counties = new CountyRepository(dsl);
        ReserveRepository reserves = new ReserveRepository(dsl);
        this.parcels = new ParcelService(new ParcelRepository(dsl), reserves, counties);
        this.pricing = new PricingService(new BasePriceRepository(dsl), clock);
        ListingRepository listingRepository = new ListingRepository(dsl);
        this.listingEvents = new ListingEvents(new ListingEvents.Feed() {
            @Override
            public long lastSeq() {
                return listingRepository.lastSeq();
            }

            @Override
            public List<ListingChange> after(long seq, int limit) {
                return listingRepository.changesAfter(seq, limit, false);
            }
        });
        this.listings = new ListingService(listingRepository, parcels, counties, pricing, clearance, listingEvents, clock);
        List<Feature> features = List.of(
                new CoreFeature(),
                new CountyFeature(counties),
                new ReserveFeature(reserves),
                new ParcelFeature(parcels, counties),
                new PricingFeature(pricing),
                new AuctionFeature(listings, parcels));
        this.graphql = new GraphQLFactory(features);
    }

    public Database database() {
        return database;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public CountyRepository counties() {
        return counties;
    }

    public ParcelService parcels() {
        return parcels;
    }

    public PricingService pricing() {
        return pricing;
    }

    public ListingService listings() {
        return listings;
    }

    public ListingEvents listingEvents() {
        return listingEvents;
    }

    public GraphQLFactory graphql() {
        return graphql;
    }
}
