package zmd.registry.auction;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.PastLoader;
import zmd.registry.graphql.RequestContext;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelFeature;
import zmd.registry.parcel.ParcelService;

/**
 * Listings, the change feed and its subscription in GraphQL: thin fetchers over {@link ListingServices}, the arguments turned
 * into their records by {@link ListingArguments}, and per-request loaders.
 */
public final class AuctionFeature implements Feature {
    public static final String LISTING = "auction.listing";
    public static final String PARCEL = "auction.parcel";
    private static final String PARCEL_AS_OF = "auction.parcelAsOf";
    private static final String BY_PARCEL_AS_OF = "auction.byParcelAsOf";
    public static final String BY_PARCEL = "auction.listingsByParcel";

    private final ListingServices listings;
    private final ParcelService parcels;
    /** The platform's hot reads, written directly from shapes derived from ListingFields (see DirectJson). */
    private final DirectJson.Shape<Connection<Listing>> listingPage;
    private final DirectJson.Shape<Listing> listing;
    private final DirectJson.Shape<ListingFeed.ChangePage> changePage;

    public AuctionFeature(ListingServices listings, ParcelService parcels, DirectJson.Shape<MineParcel> parcelShape) {
        this.listings = listings;
        this.parcels = parcels;
        // Staff-only fields are null for others on this path as on the ordinary one: both follow ListingFields.
        DirectJson.Shape<Listing.Outcome> outcome = FieldTables.shape(ListingFields.OUTCOME_FIELDS, Map.of("Money", ParcelFeature.MONEY));
        this.listing = FieldTables.shape(ListingFields.LISTING_FIELDS, Map.of("Money", ParcelFeature.MONEY, "ListingOutcome", outcome))
                .batched("parcel", Listing::parcelId, parcels::visibleByIds, parcelShape);
        this.listingPage = ListingFields.PAGE_TABLES.shape(listing);
        // A page of the feed; each change's listing is the one read with it (the page's statement joins them).
        DirectJson.Shape<ListingRepository.ChangeWithListing> change = FieldTables.shape(ListingFields.CHANGE_FIELDS, Map.of(),
                        ListingRepository.ChangeWithListing::change)
                .object("listing", ListingRepository.ChangeWithListing::listing, listing);
        // The table's changes (each listing loaded) are replaced by the page's rows, each with the listing read beside it.
        this.changePage = FieldTables.shape(ListingFields.CHANGE_PAGE_FIELDS,
                        Map.of("ListingChange", FieldTables.shape(ListingFields.CHANGE_FIELDS, Map.of())))
                .list("changes", ListingFeed.ChangePage::rows, change);
    }

    /**
     * The feed page written directly, reading of each listing only what the selection shows. A selection that
     * cannot be written directly reads whole listings and primes the listing loader with them; a write that fails
     * falls back to the ordinary path unprimed (its listings were read partly), so the loader reads them again.
     */
    private Object changes(DataFetchingEnvironment env) {
        DirectJson.Plan<ListingFeed.ChangePage> plan = DirectJson.plan(env, changePage);
        ListingFeed.ChangePage page = listings.feed().changes(caller(env),
                ListingFeed.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after")),
                plan == null ? null : plan.selected("changes", "listing"));
        DirectJson.Written written = plan == null ? null : plan.write(page);
        if (written != null) {
            return written;
        }
        if (page.wholeListings()) {
            DataLoader<UUID, Listing> loader = env.getDataLoader(LISTING);
            page.listings().forEach(loader::prime);
        }
        return page;
    }

    @Override
    public String sdl() {
        return "auction.graphqls";
    }

    /** The listing types' tables, and the fields this feature adds to MineParcel (loaded by the block's id). */
    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(FieldTable.<MineParcel>of("MineParcel").loaded("listings").loaded("currentListing"),
                ListingFields.LISTING_FIELDS, ListingFields.OUTCOME_FIELDS, ListingFields.CHANGE_FIELDS, ListingFields.CHANGE_PAGE_FIELDS,
                ListingFields.OUTCOME_REPORT_FIELDS, ListingFields.ANNOUNCE_CHECK_FIELDS, ListingFields.PAGE_TABLES.connection(),
                ListingFields.PAGE_TABLES.edge());
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("listing", env -> listings.reads().get(caller(env), env.getArgument("id"), env.getArgument("asOf")).orElse(null))
                .dataFetcher("listings", env -> direct(env, listingPage,
                        new Connection<>(listings.reads().list(caller(env), ListingArguments.filter(env.getArgument("filter")),
                                ListingReads.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after"))))))
                .dataFetcher("listingChanges", this::changes)
                .dataFetcher("announceCheck", env -> listings.lifecycle().checkAnnouncement(caller(env), env.getArgument("listingId"))));
        wiring.type("Mutation", t -> t
                .dataFetcher("createListing", env -> listings.drafts().create(caller(env), ListingArguments.draft(env.getArgument("input"))))
                .dataFetcher("updateListing", env -> listings.drafts().update(caller(env), env.getArgument("id"), env.<Integer>getArgument("version"),
                        ListingArguments.patch(env.getArgument("patch"))))
                .dataFetcher("announceListing", env -> listings.lifecycle().announce(caller(env), env.getArgument("id")))
                .dataFetcher("startBidding", env -> listings.lifecycle().startBidding(caller(env), env.getArgument("id")))
                .dataFetcher("withdrawListing", env -> listings.lifecycle().withdraw(caller(env), env.getArgument("id"), env.getArgument("reason")))
                .dataFetcher("reportListingOutcome", env -> listings.outcomes().reportOutcome(caller(env), env.getArgument("id"),
                        ListingArguments.outcome(env.getArgument("input")))));
        wiring.type("Subscription", t -> t
                .dataFetcher("listingChanged", env -> freshLoadersPerEvent(listings.feed().subscribe(caller(env), env.getArgument("listingId"), env.getArgument("after")),
                        env.getDataLoaderRegistry())));
        wiring.type("MineParcel", t -> t
                .dataFetcher("listings", env -> listingsOf(env).thenApply(l -> l == null ? List.of() : l))
                .dataFetcher("currentListing", env -> listingsOf(env)
                        .thenApply(l -> l == null ? null : l.stream().filter(x -> x.status().open()).findFirst().orElse(null))));
        wiring.type("Listing", t -> t.dataFetcher("parcel", env -> {
            Listing l = env.getSource();
            // A listing as of an instant is on its block as of the same instant.
            return l.asOf() == null ? RequestContext.load(env, PARCEL, l.parcelId()) : RequestContext.load(env, PARCEL_AS_OF, new PastLoader.Key(l.parcelId(), l.asOf()));
        }));
        wiring.type("ListingChange", t -> t
                .dataFetcher("listing", env -> RequestContext.load(env, LISTING, env.<ListingChange>getSource().listingId())));
    }

    /** A block's listings, of now or of the instant the block is read as of. */
    private static CompletableFuture<List<Listing>> listingsOf(DataFetchingEnvironment env) {
        MineParcel p = env.getSource();
        return p.asOf() == null ? RequestContext.load(env, BY_PARCEL, p.id()) : RequestContext.load(env, BY_PARCEL_AS_OF, new PastLoader.Key(p.id(), p.asOf()));
    }

    /** The value written directly when the selection allows it, else as it is for field-by-field execution. */
    private static <T> Object direct(DataFetchingEnvironment env, DirectJson.Shape<T> shape, T value) {
        DirectJson.Plan<T> plan = DirectJson.plan(env, shape);
        return plan == null ? value : plan.writeOr(value);
    }

    private static Caller caller(DataFetchingEnvironment env) {
        return RequestContext.caller(env);
    }

    /**
     * A subscription is one long request: its loaders would serve the listing and block as they were at the first
     * event. Clearing them before each event makes every event show the state after its own change.
     */
    static <T> Publisher<T> freshLoadersPerEvent(Publisher<T> source, DataLoaderRegistry loaders) {
        return subscriber -> source.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscriber.onSubscribe(s);
            }

            @Override
            public void onNext(T item) {
                loaders.getDataLoaders().forEach(DataLoader::clearAll);
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable t) {
                subscriber.onError(t);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // Each loader applies the caller's visibility in its one statement per batch.
        registry.register(LISTING, DataLoaderFactory.newMappedDataLoader(
                (Set<UUID> ids) -> CompletableFuture.completedFuture(listings.reads().byIds(caller, ids))));
        registry.register(BY_PARCEL, DataLoaderFactory.newMappedDataLoader(
                (Set<UUID> ids) -> CompletableFuture.completedFuture(listings.reads().byParcels(caller, ids))));
        registry.register(PARCEL, DataLoaderFactory.newMappedDataLoader(
                (Set<UUID> ids) -> CompletableFuture.completedFuture(parcels.visibleByIds(caller, ids))));
        registry.register(PARCEL_AS_OF, PastLoader.of((at, ids) -> parcels.asOf(at).visibleByIds(caller, ids)));
        registry.register(BY_PARCEL_AS_OF, PastLoader.of((at, ids) -> listings.reads().byParcels(caller, ids, at)));
    }
}
