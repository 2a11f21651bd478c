package zmd.registry.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    public static final String BY_PARCEL = "auction.listingsByParcel";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ListingServices listings;
    private final ParcelService parcels;
    /** The platform's hot reads, written directly when every selected field is declared here (see DirectJson). */
    private final DirectJson.Shape<Connection<Listing>> listingPage;
    private final DirectJson.Shape<Listing> listing;
    private final DirectJson.Shape<ListingFeed.ChangePage> changePage;

    public AuctionFeature(ListingServices listings, ParcelService parcels, DirectJson.Shape<MineParcel> parcelShape) {
        this.listings = listings;
        this.parcels = parcels;
        // Staff-only fields (announceEvidence, announceFloor, reportedBy, changedBy) are not declared: they take the
        // ordinary path, where the caller is checked.
        DirectJson.Shape<Listing.Outcome> outcome = new DirectJson.Shape<Listing.Outcome>("ListingOutcome")
                .value("result", Listing.Outcome::result)
                .object("finalPrice", o -> o.finalPriceYuan() == null ? null : MineParcel.Money.ofYuan(o.finalPriceYuan()), ParcelFeature.MONEY)
                .value("winnerName", Listing.Outcome::winnerName)
                .value("winnerCreditCode", Listing.Outcome::winnerCreditCode)
                .value("decidedAt", Listing.Outcome::decidedAt)
                .value("reportedAt", Listing.Outcome::reportedAt);
        this.listing = new DirectJson.Shape<Listing>("Listing")
                .value("id", Listing::id)
                .batched("parcel", Listing::parcelId, parcels::visibleByIds, parcelShape)
                .value("parcelId", Listing::parcelId)
                .value("method", Listing::method)
                .value("status", Listing::status)
                .object("startPrice", l -> MineParcel.Money.ofYuan(l.startPriceYuan()), ParcelFeature.MONEY)
                .object("deposit", l -> MineParcel.Money.ofYuan(l.depositYuan()), ParcelFeature.MONEY)
                .object("bidIncrement", l -> MineParcel.Money.ofYuan(l.bidIncrementYuan()), ParcelFeature.MONEY)
                .value("announcementDate", Listing::announcementDate)
                .value("biddingStart", Listing::biddingStart)
                .value("biddingEnd", Listing::biddingEnd)
                .value("conditions", Listing::conditions)
                .value("announcedAt", Listing::announcedAt)
                .value("withdrawnAt", Listing::withdrawnAt)
                .value("withdrawReason", Listing::withdrawReason)
                .object("outcome", Listing::outcome, outcome)
                .value("version", Listing::version)
                .value("createdAt", Listing::createdAt)
                .value("updatedAt", Listing::updatedAt);
        this.listingPage = Connection.shape("ListingConnection", listing);
        // A page of the feed; each change's listing is the one read with it (the page's statement joins them).
        DirectJson.Shape<ListingRepository.ChangeWithListing> change = new DirectJson.Shape<ListingRepository.ChangeWithListing>("ListingChange")
                .value("cursor", r -> r.change().cursor())
                .value("seq", r -> r.change().seq())
                .value("kind", r -> r.change().kind())
                .value("status", r -> r.change().status())
                .value("changedAt", r -> r.change().changedAt())
                .value("listingId", r -> r.change().listingId())
                .object("listing", ListingRepository.ChangeWithListing::listing, listing);
        this.changePage = new DirectJson.Shape<ListingFeed.ChangePage>("ListingChangePage")
                .list("changes", ListingFeed.ChangePage::rows, change)
                .value("endCursor", ListingFeed.ChangePage::endCursor)
                .value("hasMore", ListingFeed.ChangePage::hasMore);
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

    /** The fields this feature adds to MineParcel: loaded by the block's id. */
    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(FieldTable.<MineParcel>of("MineParcel").loaded("listings").loaded("currentListing"));
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("listing", env -> listings.reads().get(caller(env), env.getArgument("id")).orElse(null))
                .dataFetcher("listings", env -> direct(env, listingPage,
                        new Connection<>(listings.reads().list(caller(env), ListingArguments.filter(env.getArgument("filter")),
                                ListingReads.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after"))))))
                .dataFetcher("listingChanges", this::changes)
                .dataFetcher("announceCheck", env -> {
                    AnnounceGate.Result r = listings.lifecycle().checkAnnouncement(caller(env), env.getArgument("listingId"));
                    return Map.of("passes", r.passes(), "failedRules", r.failedRules(), "evidence", r.evidence());
                }));
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
                .dataFetcher("listingChanged", env -> freshLoadersPerEvent(listings.feed().subscribe(caller(env), env.getArgument("listingId")),
                        env.getDataLoaderRegistry())));
        wiring.type("MineParcel", t -> t
                .dataFetcher("listings", env -> RequestContext.<UUID, List<Listing>>load(env, BY_PARCEL, env.<MineParcel>getSource().id())
                        .thenApply(l -> l == null ? List.of() : l))
                .dataFetcher("currentListing", env -> RequestContext.<UUID, List<Listing>>load(env, BY_PARCEL, env.<MineParcel>getSource().id())
                        .thenApply(l -> l == null ? null : l.stream().filter(x -> x.status().open()).findFirst().orElse(null))));
        wiring.type("Listing", t -> t
                .dataFetcher("parcel", env -> RequestContext.load(env, PARCEL, env.<Listing>getSource().parcelId()))
                .dataFetcher("startPrice", env -> MineParcel.Money.ofYuan(env.<Listing>getSource().startPriceYuan()))
                .dataFetcher("deposit", env -> MineParcel.Money.ofYuan(env.<Listing>getSource().depositYuan()))
                .dataFetcher("bidIncrement", env -> MineParcel.Money.ofYuan(env.<Listing>getSource().bidIncrementYuan()))
                .dataFetcher("announceEvidence", env -> {
                    Listing l = env.getSource();
                    return caller(env).isStaff() && l.announceEvidenceJson() != null ? parse(l.announceEvidenceJson()) : null;
                })
                .dataFetcher("announceFloor", env -> {
                    Listing l = env.getSource();
                    return caller(env).isStaff() && l.announceFloorYuan() != null ? MineParcel.Money.ofYuan(l.announceFloorYuan()) : null;
                }));
        wiring.type("ListingOutcome", t -> t
                .dataFetcher("finalPrice", env -> {
                    Listing.Outcome o = env.getSource();
                    return o.finalPriceYuan() == null ? null : MineParcel.Money.ofYuan(o.finalPriceYuan());
                })
                .dataFetcher("reportedBy", env -> caller(env).isStaff() ? env.<Listing.Outcome>getSource().reportedBy() : null));
        wiring.type("ListingChange", t -> t
                .dataFetcher("changedBy", env -> caller(env).isStaff() ? env.<ListingChange>getSource().changedBy() : null)
                .dataFetcher("listing", env -> RequestContext.load(env, LISTING, env.<ListingChange>getSource().listingId())));
    }

    /** The value written directly when the selection allows it, else as it is for field-by-field execution. */
    private static <T> Object direct(DataFetchingEnvironment env, DirectJson.Shape<T> shape, T value) {
        DirectJson.Plan<T> plan = DirectJson.plan(env, shape);
        return plan == null ? value : plan.writeOr(value);
    }

    private static Caller caller(DataFetchingEnvironment env) {
        return RequestContext.caller(env);
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored evidence is not JSON", e);
        }
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
    }
}
