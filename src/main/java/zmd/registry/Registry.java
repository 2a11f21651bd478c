package zmd.registry;

import java.nio.file.Path;
import java.util.List;
import zmd.registry.access.ApiKeys;
import zmd.registry.county.CountyFeature;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.Database;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.GraphQLFactory;
import zmd.registry.parcel.ParcelFeature;
import zmd.registry.parcel.ParcelRepository;
import zmd.registry.parcel.ParcelService;
import zmd.registry.protection.LayerImporter;
import zmd.registry.protection.LayerRepository;
import zmd.registry.protection.OverlapRepository;
import zmd.registry.protection.OverlapService;
import zmd.registry.protection.ProtectionFeature;
import zmd.registry.reserve.ReserveFeature;
import zmd.registry.reserve.ReserveRepository;

/** The composition root: every service built once from the database, shared by the server, commands and tests. */
public final class Registry {
    private final Database database;
    private final ApiKeys apiKeys;
    private final CountyRepository counties;
    private final ParcelService parcels;
    private final OverlapService overlaps;
    private final LayerImporter importer;
    private final GraphQLFactory graphql;

    /** With the import directory of the environment's configuration (REGISTRY_IMPORT_DIR). */
    public Registry(Database database) {
        this(database, Config.fromEnv(System.getenv()).importDir());
    }

    public Registry(Database database, Path importDir) {
        this.database = database;
        var dsl = database.dsl();
        this.apiKeys = new ApiKeys(dsl);
        this.counties = new CountyRepository(dsl);
        ReserveRepository reserves = new ReserveRepository(dsl);
        LayerRepository layers = new LayerRepository(dsl);
        this.overlaps = new OverlapService(new OverlapRepository(dsl), layers);
        this.importer = new LayerImporter(layers, importDir);
        this.parcels = new ParcelService(new ParcelRepository(dsl), reserves, counties, overlaps::filterCondition);
        List<Feature> features = List.of(
                new CoreFeature(),
                new CountyFeature(counties),
                new ReserveFeature(reserves),
                new ParcelFeature(parcels, counties),
                new ProtectionFeature(overlaps, importer));
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

    public OverlapService overlaps() {
        return overlaps;
    }

    public LayerImporter importer() {
        return importer;
    }

    public GraphQLFactory graphql() {
        return graphql;
    }
}
