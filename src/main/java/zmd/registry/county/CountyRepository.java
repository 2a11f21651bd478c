package zmd.registry.county;

import static zmd.registry.db.generated.Tables.COUNTY;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.core.GeoJson;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;

/**
 * Counties are reference data (ten rows): read once and kept in memory; boundaries are read on demand.
 */
public final class CountyRepository {
    private final DSLContext dsl;
    private volatile Map<String, County> byCode;

    public CountyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<County> all() {
        return List.copyOf(counties().values());
    }

    public County byCode(String code) {
        return counties().get(code);
    }

    /** The county a caller named, by GB/T 2260 code or by name, else BAD_USER_INPUT on {@code field} listing the city's. */
    public County named(String codeOrName, String field) {
        County c = find(codeOrName);
        if (c == null) {
            String known = all().stream().map(x -> x.name() + " (" + x.code() + ")").collect(Collectors.joining(", "));
            throw RegistryException.badInput(field, field + ": unknown county " + Texts.quoted(codeOrName) + "; Zhumadian's are " + known);
        }
        return c;
    }

    /** A county by GB/T 2260 code or by name; null when there is none. */
    public County find(String codeOrName) {
        if (codeOrName == null) {
            return null;
        }
        String key = codeOrName.strip();
        County c = counties().get(key);
        if (c != null) {
            return c;
        }
        return counties().values().stream().filter(x -> x.name().equals(key)).findFirst().orElse(null);
    }

    /** The boundaries of many counties as GeoJSON in one CRS and precision, in one statement, by code. */
    public Map<String, GeoJson> boundariesGeoJson(Collection<String> codes, Crs crs, int precision) {
        Field<Geometry> g = crs.srid() == Crs.STORAGE_SRID ? COUNTY.BOUNDARY : Spatial.transform(COUNTY.BOUNDARY, crs.srid());
        Map<String, GeoJson> out = new HashMap<>();
        dsl.select(COUNTY.CODE, Spatial.asGeoJson(g, precision, crs == Crs.EPSG_4326 ? 0 : 2))
                .from(COUNTY).where(COUNTY.CODE.in(codes)).fetch().forEach(r -> out.put(r.value1(), GeoJson.of(r.value2())));
        return out;
    }

    private Map<String, County> counties() {
        Map<String, County> m = byCode;
        if (m == null) {
            m = dsl.select(COUNTY.CODE, COUNTY.NAME, COUNTY.BOUNDARY_NOTE).from(COUNTY).orderBy(COUNTY.CODE)
                    .fetch(r -> new County(r.value1(), r.value2(), r.value3()))
                    .stream()
                    .collect(Collectors.toMap(County::code, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
            byCode = m;
        }
        return m;
    }
}
