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
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelService;

/** Listings, the change feed and its subscription: thin fetchers over {@link ListingService} and per-request loaders. */
public final class AuctionFeature implements Feature {
    public static final String LISTING = "auction.listing";
    public static final String PARCEL = "auction.parcel";
    public static final String BY_PARCEL = "auction.listingsByParcel";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ListingService service;
    private final ParcelService parcels;

    public AuctionFeature(ListingService service, ParcelService parcels) {
        this.service = service;
        this.parcels = parcels;
    }

    @Override
    public String sdl() {
        return "auction.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("listing", env -> service.get(caller(env), env.getArgument("id")).orElse(null))
                .dataFetcher("listings", env -> service.list(caller(env), env.getArgument("filter"), env.getArgument("first"), env.getArgument("after")))
                .dataFetcher("listingChanges", env -> service.changes(caller(env), env.getArgument("after"), env.getArgument("first")))
                .dataFetcher("announceCheck", env -> {
                    AnnounceGate.Result r = service.checkAnnouncement(caller(env), env.getArgument("listingId"));
                    return Map.of("passes", r.passes(), "failedRules", r.failedRules(), "evidence", r.evidence());
                }));
        wiring.type("Mutation", t -> t
                .dataFetcher("createListing", env -> service.create(caller(env), env.getArgument("input")))
                .dataFetcher("updateListing", env -> service.update(caller(env), env.getArgument("id"), env.<Integer>getArgument("version"),
                        env.getArgument("patch")))
                .dataFetcher("announceListing", env -> service.announce(caller(env), env.getArgument("id")))
                .dataFetcher("startBidding", env -> service.startBidding(caller(env), env.getArgument("id")))
                .dataFetcher("withdrawListing", env -> service.withdraw(caller(env), env.getArgument("id"), env.getArgument("reason")))
                .dataFetcher("reportListingOutcome", env -> service.reportOutcome(caller(env), env.getArgument("id"), env.getArgument("input"))));
        wiring.type("Subscription", t -> t
                .dataFetcher("listingChanged", env -> freshLoadersPerEvent(service.subscribe(caller(env), env.getArgument("listingId")),
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
                (Set<UUID> ids) -> CompletableFuture.completedFuture(service.byIds(caller, ids))));
        registry.register(BY_PARCEL, DataLoaderFactory.newMappedDataLoader(
                (Set<UUID> ids) -> CompletableFuture.completedFuture(service.byParcels(caller, ids))));
        registry.register(PARCEL, DataLoaderFactory.newMappedDataLoader(
                (Set<UUID> ids) -> CompletableFuture.completedFuture(parcels.visibleByIds(caller, ids))));
    }
}
