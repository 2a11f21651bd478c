package zmd.registry.pricing;

import graphql.schema.idl.RuntimeWiring;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.core.RegistryException;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.RequestContext;
import zmd.registry.parcel.MineParcel;

/** Base prices, their import, and the start-price floor of a block. */
public final class PricingFeature implements Feature {
    /** A page of base prices, written directly when the tables cover its selection (see DirectJson). */
    private static final DirectJson.Shape<PriceRegion> REGION = FieldTables.shape(PricingFields.REGION, Map.of());
    private static final DirectJson.Shape<Connection<BasePrice>> PAGE = PricingFields.PAGE_TABLES.shape(FieldTables.shape(
            PricingFields.BASE_PRICE, Map.of("PriceRegion", REGION)));
    private static final DirectJson.Shape<BasePriceRepository.Edition> EDITION = FieldTables.shape(PricingFields.EDITION, Map.of());

    public static final String FLOOR = "startPriceFloor";

    private final PricingService service;

    public PricingFeature(PricingService service) {
        this.service = service;
    }

    /** A block's floor on a date. */
    record FloorKey(UUID parcelId, LocalDate date) {
    }

    @Override
    public String sdl() {
        return "pricing.graphqls";
    }

    /** The pricing types, and the field this feature adds to MineParcel: computed from the block's reserves. */
    @Override
    public List<FieldTable<?>> fieldTables() {
        return Stream.concat(PricingFields.ALL.stream(), Stream.of(FieldTable.<MineParcel>of("MineParcel").loaded("startPriceFloor"))).toList();
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("effectiveBasePrice", env -> service.effective(env.getArgument("mineral"), env.getArgument("county"),
                        env.getArgument("miningMethod"), dateOrToday(env.getArgument("date"))).orElse(null))
                .dataFetcher("basePrices", env -> {
                    DirectJson.Plan<Connection<BasePrice>> plan = DirectJson.plan(env, PAGE);
                    Connection<BasePrice> page = new Connection<>(service.page(filter(env.getArgument("filter")),
                            PricingService.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after"))));
                    return plan == null ? page : plan.writeOr(page);
                })
                .dataFetcher("basePriceEditions", env -> DirectJson.listOr(env, EDITION, service.editions()))
                .dataFetcher("priceRegions", env -> DirectJson.listOr(env, REGION, service.regions())));
        wiring.type("Mutation", t -> t
                .dataFetcher("importBasePrices", env -> service.importCsv(RequestContext.caller(env), env.getArgument("csv"),
                        env.getArgument("edition"), Boolean.TRUE.equals(env.getArgument("supersede")))));
        wiring.type("MineParcel", t -> t
                .dataFetcher("startPriceFloor", env -> {
                    if (env.<MineParcel>getSource().asOf() != null) {
                        throw RegistryException.badInput("startPriceFloor", "startPriceFloor prices the block's reserves of now; it is not "
                                + "available on a block read as of an instant");
                    }
                    return RequestContext.load(env, FLOOR, new FloorKey(env.<MineParcel>getSource().id(), dateOrToday(env.getArgument("date"))));
                }));
    }

    /** A BasePriceFilter argument as the service's record: conversion only, the service checks it. */
    private static BasePriceFilter filter(Map<String, Object> f) {
        return f == null ? BasePriceFilter.ANY
                : new BasePriceFilter((String) f.get("mineral"), (String) f.get("region"), (LocalDate) f.get("validOn"), (String) f.get("edition"));
    }

    private LocalDate dateOrToday(LocalDate date) {
        return date != null ? date : service.today();
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // Keys are blocks the caller can already see; one pair of statements per date asked for.
        registry.register(FLOOR, DataLoaderFactory.newMappedDataLoader((Set<FloorKey> keys) -> {
            Map<FloorKey, StartPriceFloor> out = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(FloorKey::date)).forEach((date, group) -> {
                Map<UUID, StartPriceFloor> floors = service.floors( group.stream().map(FloorKey::parcelId).toList(), date);
                group.forEach(k -> out.put(k, floors.get(k.parcelId())));
            });
            return CompletableFuture.completedFuture(out);
        }));
    }
}
