package zmd.registry.county;

import graphql.schema.idl.RuntimeWiring;
import zmd.registry.geo.Crs;
import zmd.registry.graphql.DirectJson;
import zmd.registry.graphql.Feature;

public final class CountyFeature implements Feature {
    /** A county as other features' direct-written results nest it (the boundary, with its arguments, is not). */
    public static final DirectJson.Shape<County> SHAPE = new DirectJson.Shape<County>("County")
            .value("code", County::code)
            .value("name", County::name)
            .value("boundaryNote", County::boundaryNote);

    private final CountyRepository counties;

    public CountyFeature(CountyRepository counties) {
        this.counties = counties;
    }

    @Override
    public String sdl() {
        return "county.graphqls";
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("counties", env -> counties.all())
                .dataFetcher("county", env -> counties.find(env.getArgument("codeOrName"))));
        wiring.type("County", t -> t.dataFetcher("boundary", env -> {
            County c = env.getSource();
            Crs crs = Crs.valueOf(env.getArgument("crs"));
            Integer precision = env.getArgument("precision");
            return new zmd.registry.graphql.GeoJson(counties.boundaryGeoJson(c.code(), crs, precision != null ? precision : crs.defaultPrecision()));
        }));
    }
}
