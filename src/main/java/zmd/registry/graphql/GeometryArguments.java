package zmd.registry.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import zmd.registry.geo.GeometryInput;

/**
 * The GraphQL input {@code GeometryInput} (common.graphqls) as the record the services take. The schema has already
 * coerced every value, so nothing here refuses: {@link zmd.registry.geo.GeometryInputParser} judges the geometry.
 */
public final class GeometryArguments {
    private GeometryArguments() {
    }

    /** The geometry sent, or null when none was. */
    @SuppressWarnings("unchecked")
    public static GeometryInput geometryInput(Map<?, ?> m) {
        if (m == null) {
            return null;
        }
        GeometryInput.CornerPointTableInput table = null;
        if (m.get("cornerPoints") instanceof Map<?, ?> cp) {
            List<GeometryInput.CornerRingInput> rings = new ArrayList<>();
            for (Map<String, Object> ring : (List<Map<String, Object>>) cp.get("rings")) {
                List<GeometryInput.CornerPointInput> points = new ArrayList<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) ring.get("points")) {
                    points.add(new GeometryInput.CornerPointInput((Integer) p.get("no"), num(p.get("x")), num(p.get("y"))));
                }
                rings.add(new GeometryInput.CornerRingInput(Boolean.TRUE.equals(ring.get("hole")), points));
            }
            table = new GeometryInput.CornerPointTableInput((Boolean) cp.get("zonePrefixed"), rings);
        }
        return new GeometryInput(m.get("geojson"), (String) m.get("wkt"), (Integer) m.get("srid"), table);
    }

    private static double num(Object v) {
        return ((Number) v).doubleValue();
    }
}
