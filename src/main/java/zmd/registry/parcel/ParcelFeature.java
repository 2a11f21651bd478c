package zmd.registry.parcel;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.SelectedField;
import graphql.schema.idl.RuntimeWiring;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.FieldTable;
import zmd.registry.core.Money;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.county.CountyFeature;
import zmd.registry.county.CountyRepository;
import zmd.registry.geo.CornerPointTable;
import zmd.registry.geo.Crs;
import zmd.registry.graphql.Connection;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.FieldTables;
import zmd.registry.graphql.PastLoader;
import zmd.registry.graphql.RequestContext;
import zmd.registry.reserve.ReserveFeature;

/**
 * Fetchers for blocks: thin, each turning its arguments into the services' records ({@link ParcelArguments}) and calling
 * {@link ParcelService}, {@link ParcelEdits} or a per-request loader.
 */
public final class ParcelFeature implements Feature {
    private static final String GEOMETRY = "parcelGeometry";

    /** Money as direct-written results nest it. */
    public static final DirectJson.Shape<Money> MONEY = FieldTables.shape(MineParcelFields.MONEY, Map.of());
    private static final DirectJson.Shape<MineParcel.ElevationRange> ELEVATION = FieldTables.shape(MineParcelFields.ELEVATION, Map.of());
    private static final DirectJson.Shape<MineParcel.Milestone> MILESTONE = FieldTables.shape(MineParcelFields.MILESTONE, Map.of());
    private static final DirectJson.Shape<CornerPointTable> CORNER_POINTS = FieldTables.shape(MineParcelFields.CORNER_POINTS,
            Map.of("CornerRing", FieldTables.shape(MineParcelFields.CORNER_RING,
                    Map.of("CornerPoint", FieldTables.shape(MineParcelFields.CORNER_POINT, Map.of())))));

    private final ParcelService service;
    private final ParcelEdits edits;
    private final CountyRepository counties;
    private final FieldTable<MineParcel> fields;
    private static final Connection.Tables<MineParcel> PAGE_TABLES = Connection.tables("MineParcelConnection", "MineParcel");
    private final Function<List<Map<String, Object>>, ParcelFilter.Criterion> overlapFilter;
    private final DirectJson.Shape<MineParcel> shape;
    /** A page of mineParcels: blocks with the GeoJSON the page read beside them (the write's context). */
    private final DirectJson.Shape<Connection<MineParcel>> pageShape;

    /** {@code overlapFilter} reads the {@code overlap} field the protection feature adds to the filter. */
    public ParcelFeature(ParcelService service, ParcelEdits edits, CountyRepository counties, FieldTable<MineParcel> fields, ReserveFeature reserves,
                         Function<List<Map<String, Object>>, ParcelFilter.Criterion> overlapFilter) {
        this.service = service;
        this.edits = edits;
        this.counties = counties;
        this.fields = fields;
        this.overlapFilter = overlapFilter;
        // Loaded fields: one statement per field (and per set of its arguments) for all the blocks written.
        this.shape = FieldTables.shape(fields, Map.of("County", CountyFeature.SHAPE, "ElevationRange", ELEVATION,
                        "Money", MONEY, "Milestone", MILESTONE))
                .batchedList("reserves", MineParcel::id, reserves.reservesLoader(), ReserveFeature.SHAPE)
                .batchedList("designCapacities", MineParcel::id, reserves.capacitiesLoader(), ReserveFeature.CAPACITY_SHAPE)
                .batchedWithArguments("geometry", MineParcel::id, geometries(GeometryRequest.Kind.GEOJSON), null)
                .batchedWithArguments("wkt", MineParcel::id, geometries(GeometryRequest.Kind.WKT), null)
                .batchedWithArguments("bbox", MineParcel::id, geometries(GeometryRequest.Kind.BBOX), null)
                .batchedWithArguments("centroid", MineParcel::id, geometries(GeometryRequest.Kind.CENTROID), null)
                .batchedWithArguments("cornerPoints", MineParcel::id, (caller, ids, args) -> {
                    Map<UUID, CornerPointTable> tables = new HashMap<>();
                    service.geometries(caller, ids, GeometryRequest.PROJECTED).forEach((id, g) -> tables.put(id, cornerPoints(g, args)));
                    return tables;
                }, CORNER_POINTS);
        this.pageShape = PAGE_TABLES.shape(shape.withArguments("geometry",
                (p, args, page) -> ((ParcelService.ListResult) page).geometries().get(request(GeometryRequest.Kind.GEOJSON, args)).get(p.id())));
    }

    private DirectJson.ArgumentsLoader<UUID, Object> geometries(GeometryRequest.Kind kind) {
        return (caller, ids, args) -> service.geometries(caller, ids, request(kind, args));
    }

    /** A block as other features' direct-written results nest it, geometry fields loaded per field and arguments. */
    public DirectJson.Shape<MineParcel> shape() {
        return shape;
    }

    /** One block in one geometry shape, as of an instant (null: now). */
    record GeometryKey(UUID id, OffsetDateTime asOf, GeometryRequest request) {
    }

    @Override
    public String sdl() {
        return "parcel.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(fields, PAGE_TABLES.connection(), PAGE_TABLES.edge(), MineParcelFields.MONEY, MineParcelFields.ELEVATION, MineParcelFields.MILESTONE,
                MineParcelFields.CORNER_POINTS, MineParcelFields.CORNER_RING, MineParcelFields.CORNER_POINT);
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("mineParcel", env -> service.asOf(env.getArgument("asOf")).get(RequestContext.caller(env), env.getArgument("id")).orElse(null))
                .dataFetcher("mineParcelByCode", env -> service.asOf(env.getArgument("asOf")).byCode(RequestContext.caller(env), env.getArgument("code"))
                        .orElse(null))
                .dataFetcher("mineParcels", this::list));
        wiring.type("Mutation", t -> t
                .dataFetcher("createMineParcel", env -> edits.create(RequestContext.caller(env), ParcelArguments.draft(env.getArgument("input"))))
                .dataFetcher("updateMineParcel", env -> edits.update(RequestContext.caller(env), env.getArgument("id"),
                        env.<Integer>getArgument("version"), ParcelArguments.patch(env.getArgument("patch")))));
        wiring.type("MineParcel", t -> t
                .dataFetcher("reserves", env -> children(env, ReserveFeature.RESERVES, ReserveFeature.RESERVES_AS_OF))
                .dataFetcher("designCapacities", env -> children(env, ReserveFeature.CAPACITIES, ReserveFeature.CAPACITIES_AS_OF))
                .dataFetcher("geometry", env -> geometry(env, GeometryRequest.Kind.GEOJSON))
                .dataFetcher("wkt", env -> geometry(env, GeometryRequest.Kind.WKT))
                .dataFetcher("bbox", env -> geometry(env, GeometryRequest.Kind.BBOX))
                .dataFetcher("centroid", env -> geometry(env, GeometryRequest.Kind.CENTROID))
                .dataFetcher("cornerPoints", env -> RequestContext.<GeometryKey, Object>load(env, GEOMETRY,
                        new GeometryKey(id(env), env.<MineParcel>getSource().asOf(), GeometryRequest.PROJECTED)).thenApply(g -> cornerPoints(g, env.getArguments()))));
    }

    /** A block's reserves or capacities: of now, or of the instant the block is read as of. */
    private static CompletableFuture<List<?>> children(DataFetchingEnvironment env, String now, String then) {
        MineParcel p = env.getSource();
        CompletableFuture<List<?>> loaded = p.asOf() == null ? RequestContext.load(env, now, p.id())
                : RequestContext.load(env, then, new PastLoader.Key(p.id(), p.asOf()));
        return loaded.thenApply(l -> l == null ? List.of() : l);
    }

    /** 拐点坐标表 of a block's EPSG:4547 geometry, as the field's arguments ask. */
    private static CornerPointTable cornerPoints(Object projected, Map<String, Object> args) {
        boolean prefixed = Boolean.TRUE.equals(args.get("zonePrefixed"));
        return CornerPointTable.of((Geometry) projected, prefixed, Crs.decimals((Integer) args.get("precision"), 3));
    }

    /**
     * The page reads only the columns its selected fields need and, for selected GeoJSON, the geometry in the
     * same statement. The page is then written directly (map clients ask for little else than ids, codes and
     * geometry), or else the geometry loader is primed with it so the geometry fields cost no further query.
     */
    private Object list(DataFetchingEnvironment env) {
        OffsetDateTime asOf = env.getArgument("asOf");
        // Direct writing reads the loaded fields of now; a page as of an instant is resolved field by field.
        DirectJson.Plan<Connection<MineParcel>> direct = asOf == null ? DirectJson.plan(env, pageShape) : null;
        Set<String> fields = new HashSet<>();
        List<Map<String, Object>> geometryArguments = new ArrayList<>();
        if (direct != null) {
            // The plan is compiled once per document: asking graphql-java for the selection again cost a seventh of a page.
            fields.addAll(direct.selected("nodes"));
            fields.addAll(direct.selected("edges", "node"));
            geometryArguments.addAll(direct.arguments("geometry", "nodes"));
            geometryArguments.addAll(direct.arguments("geometry", "edges", "node"));
        } else {
            for (SelectedField f : env.getSelectionSet().getFields("nodes/*", "edges/node/*")) {
                fields.add(f.getName());
                if (f.getName().equals("geometry")) {
                    geometryArguments.add(f.getArguments());
                }
            }
        }
        List<GeometryRequest> shapes = new ArrayList<>();
        for (Map<String, Object> arguments : geometryArguments) {
            GeometryRequest request = request(GeometryRequest.Kind.GEOJSON, arguments);
            if (!shapes.contains(request)) {
                shapes.add(request);
            }
        }
        PageRequest page = ParcelService.PAGE_SIZES.request(env.getArgument("first"), env.getArgument("after"));
        String orderBy = env.getArgument("orderBy");
        if (orderBy == null) {
            // An explicit null replaces the SDL's default; it was an INTERNAL error.
            throw RegistryException.badInput("orderBy", "orderBy cannot be null: leave it out to order by code (CODE_ASC)");
        }
        ParcelService.ListResult result = service.asOf(asOf).list(RequestContext.caller(env), ParcelArguments.filter(env.getArgument("filter"), overlapFilter),
                ParcelQuery.Order.valueOf(orderBy), page, new ParcelSelection(fields, shapes));
        DirectJson.Written written = direct == null ? null : direct.write(new Connection<>(result.page()), result);
        if (written != null) {
            return written;
        }
        DataLoader<GeometryKey, Object> loader = env.getDataLoader(GEOMETRY);
        result.geometries().forEach((request, byId) -> byId.forEach((id, value) -> loader.prime(new GeometryKey(id, asOf, request), value)));
        return new Connection<>(result.page());
    }

    private static CompletableFuture<Object> geometry(DataFetchingEnvironment env, GeometryRequest.Kind kind) {
        return RequestContext.load(env, GEOMETRY, new GeometryKey(id(env), env.<MineParcel>getSource().asOf(), request(kind, env.getArguments())));
    }

    private static GeometryRequest request(GeometryRequest.Kind kind, Map<String, Object> args) {
        Crs crs = Crs.named((String) args.get("crs"));
        int precision = crs.precision((Integer) args.get("precision"));
        Double simplify = (Double) args.get("simplify");
        if (simplify != null && !(simplify >= 0)) {
            throw RegistryException.badInput("simplify", "simplify is a tolerance in metres and must not be negative");
        }
        return new GeometryRequest(kind, crs, precision, simplify != null && simplify > 0 ? simplify : null);
    }

    private static UUID id(DataFetchingEnvironment env) {
        return env.<MineParcel>getSource().id();
    }

    @Override
    public void registerLoaders(DataLoaderRegistry registry, Caller caller) {
        // One statement per geometry shape asked for in the request, whatever the number of blocks.
        registry.register(GEOMETRY, DataLoaderFactory.newMappedDataLoader((Set<GeometryKey> keys) -> {
            Map<GeometryKey, Object> out = new HashMap<>();
            keys.stream().collect(Collectors.groupingBy(k -> new GeometryKey(null, k.asOf(), k.request()))).forEach((shape, group) -> {
                Map<UUID, Object> values = service.asOf(shape.asOf()).geometries(caller, group.stream().map(GeometryKey::id).toList(), shape.request());
                group.forEach(k -> out.put(k, values.get(k.id())));
            });
            return CompletableFuture.completedFuture(out);
        }));
    }
}
