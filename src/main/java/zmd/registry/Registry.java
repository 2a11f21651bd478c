package zmd.registry;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import zmd.registry.access.AccessFeature;
import zmd.registry.access.AccessLog;
import zmd.registry.access.AccessLogFeature;
import zmd.registry.access.ApiKeys;
import zmd.registry.auction.AuctionFeature;
import zmd.registry.auction.ClearanceCheck;
import zmd.registry.auction.Listing;
import zmd.registry.auction.ListingChange;
import zmd.registry.auction.ListingEvents;
import zmd.registry.auction.ListingFeatures;
import zmd.registry.auction.ListingRepository;
import zmd.registry.auction.ListingServices;
import zmd.registry.auction.OverlapClearance;
import zmd.registry.compliance.ComplianceFeature;
import zmd.registry.compliance.ComplianceRepository;
import zmd.registry.compliance.ComplianceService;
import zmd.registry.compliance.ReportPdf;
import zmd.registry.compliance.ReportSigner;
import zmd.registry.core.FieldTable;
import zmd.registry.county.CountyFeature;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.Database;
import zmd.registry.features.FeatureCatalog;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureReader;
import zmd.registry.graphql.Feature;
import zmd.registry.history.ChangeLogRepository;
import zmd.registry.history.HistoryFeature;
import zmd.registry.history.HistoryService;
import zmd.registry.graphql.GraphQLFactory;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.MineParcelFields;
import zmd.registry.parcel.ParcelEdits;
import zmd.registry.parcel.ParcelFeature;
import zmd.registry.parcel.ParcelFeatures;
import zmd.registry.parcel.ParcelRepository;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatusMoves;
import zmd.registry.pricing.BasePriceRepository;
import zmd.registry.pricing.PricingFeature;
import zmd.registry.pricing.PricingService;
import zmd.registry.protection.DatasetPurge;
import zmd.registry.protection.LayerFeatures;
import zmd.registry.protection.LayerImporter;
import zmd.registry.protection.LayerRepository;
import zmd.registry.protection.OverlapFilters;
import zmd.registry.protection.OverlapRepository;
import zmd.registry.protection.OverlapService;
import zmd.registry.protection.ProtectionFeature;
import zmd.registry.reserve.ReserveFeature;
import zmd.registry.reserve.ReserveRepository;

/** The composition root: every service built once from the database, shared by the server, commands and tests. */
public final class Registry {
    private final Database database;
    private final ApiKeys apiKeys;
    private final AccessLog accessLog;
    private final CountyRepository counties;
    private final ParcelService parcels;
    private final ParcelEdits parcelEdits;
    private final OverlapService overlaps;
    private final LayerImporter importer;
    private final PricingService pricing;
    private final ListingEvents listingEvents;
    private final ListingServices listings;
    private final ComplianceService compliance;
    private final HistoryService history;
    private final ReportPdf reportPdf;
    private final GraphQLFactory graphql;
    private final FeatureCatalog features;
    /** The counters /metrics shows, kept per registry so that servers in one JVM (tests) count apart. */
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /**
     * The registry as served: the import directory of the environment (REGISTRY_IMPORT_DIR), the system clock in
     * China Standard Time, and the overlap check of protected land as the announce gate's clearance.
     */
    public Registry(Database database) {
        this(database, Config.fromEnv(System.getenv()).importDir());
    }

    public Registry(Database database, Path importDir) {
        this(database, importDir, Clock.system(Listing.ZONE), OverlapClearance::new);
    }

    /** For tests of listings: a clock they move and a clearance whose verdicts they choose. */
    public Registry(Database database, Clock clock, ClearanceCheck clearance) {
        this(database, Config.fromEnv(System.getenv()).importDir(), clock, overlaps -> clearance);
    }

    private Registry(Database database, Path importDir, Clock clock, Function<OverlapService, ClearanceCheck> clearance) {
        this.database = database;
        var dsl = database.dsl();
        this.apiKeys = new ApiKeys(dsl);
        this.accessLog = new AccessLog(dsl);
        this.counties = new CountyRepository(dsl);
        ReserveRepository reserves = new ReserveRepository(dsl);
        LayerRepository layers = new LayerRepository(dsl);
        OverlapRepository overlapRepository = new OverlapRepository(dsl);
        this.overlaps = new OverlapService(overlapRepository, layers, new zmd.registry.history.ChangeLogPast(dsl));
        this.importer = new LayerImporter(layers, importDir);
        FieldTable<MineParcel> parcelFields = MineParcelFields.table(counties);
        ParcelRepository parcelRepository = new ParcelRepository(dsl, parcelFields);
        this.parcels = new ParcelService(parcelRepository, counties);
        this.parcelEdits = new ParcelEdits(parcelRepository, reserves, counties);
        this.pricing = new PricingService(new BasePriceRepository(dsl), clock);
        Config config = Config.fromEnv(System.getenv());
        ComplianceRepository complianceRepository = new ComplianceRepository(dsl);
        this.compliance = new ComplianceService(parcels, counties, overlaps, complianceRepository,
                ReportSigner.fromEnv(System.getenv(), config.dataDir()));
        this.reportPdf = new ReportPdf(config.reportFont());
        ListingRepository listingRepository = new ListingRepository(dsl);
        this.listingEvents = new ListingEvents(new ListingEvents.Feed() {
            @Override
            public long lastSeq() {
                return listingRepository.lastSeq();
            }

            @Override
            public List<ListingChange> after(long seq, int limit) {
                return listingRepository.changesAfter(seq, limit);
            }
        });
        // Commits through other servers of the register: migrations/V36 notifies each listing change.
        database.listen("listing_change", listingEvents::committed);
        this.listings = ListingServices.create(listingRepository, parcels, new ParcelStatusMoves(parcelRepository), counties, pricing, clearance.apply(overlaps), compliance, listingEvents, clock);
        this.history = new HistoryService(new ChangeLogRepository(dsl));
        ReserveFeature reserveFeature = new ReserveFeature(reserves);
        DatasetPurge purge = new DatasetPurge(layers, listingRepository::datasetsInAnnounceEvidence, complianceRepository::datasetsNamed);
        ProtectionFeature protectionFeature = new ProtectionFeature(overlaps, new OverlapFilters(overlapRepository), importer, purge);
        ParcelFeature parcelFeature = new ParcelFeature(parcels, parcelEdits, counties, parcelFields, reserveFeature,
                protectionFeature::overlapFilter);
        List<Feature> features = List.of(
                new CoreFeature(),
                new AccessFeature(apiKeys),
                new AccessLogFeature(accessLog),
                new CountyFeature(counties),
                reserveFeature,
                parcelFeature,
                protectionFeature,
                new PricingFeature(pricing),
                new AuctionFeature(listings, parcels, parcelFeature.shape()),
                new ComplianceFeature(compliance),
                new HistoryFeature(history));
        this.graphql = new GraphQLFactory(features, meters, database, accessLog);
        List<FeatureCollection> collections = new java.util.ArrayList<>(List.of(ParcelFeatures.collection(counties), ListingFeatures.collection(counties)));
        collections.addAll(new LayerFeatures(layers).collections());
        this.features = new FeatureCatalog(collections, new FeatureReader(dsl));
    }

    public Database database() {
        return database;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** The access log (访问日志): every protocol records its sensitive reads there. */
    public AccessLog accessLog() {
        return accessLog;
    }

    public CountyRepository counties() {
        return counties;
    }

    public ParcelService parcels() {
        return parcels;
    }

    public ParcelEdits parcelEdits() {
        return parcelEdits;
    }

    public OverlapService overlaps() {
        return overlaps;
    }

    public LayerImporter importer() {
        return importer;
    }

    public PricingService pricing() {
        return pricing;
    }

    public ListingServices listings() {
        return listings;
    }

    public HistoryService history() {
        return history;
    }

    public ComplianceService compliance() {
        return compliance;
    }

    public ReportPdf reportPdf() {
        return reportPdf;
    }

    public ListingEvents listingEvents() {
        return listingEvents;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The feature collections OGC API Features and the tiles serve. */
    public FeatureCatalog features() {
        return features;
    }

    public GraphQLFactory graphql() {
        return graphql;
    }
}
