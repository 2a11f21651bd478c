package zmd.registry.parcel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.core.Patched;
import zmd.registry.graphql.GeometryArguments;
import zmd.registry.reserve.ReserveArguments;

/**
 * The GraphQL inputs of blocks ({@code MineParcelFilter}, {@code MineParcelInput}, {@code MineParcelPatch}) as the
 * records {@link ParcelService} and {@link ParcelEdits} take. The schema has already coerced every value, so nothing
 * here refuses: the services validate, in their own order, whatever protocol the input came by.
 */
final class ParcelArguments {
    private ParcelArguments() {
    }

    /** {@code overlap} is declared by the protection feature, which reads it. */
    static ParcelFilter filter(Map<String, Object> m, Function<List<Map<String, Object>>, ParcelFilter.Criterion> overlap) {
        if (m == null) {
            return ParcelFilter.NONE;
        }
        ParcelFilter.Bbox bbox = m.get("bbox") instanceof Map<?, ?> b
                ? new ParcelFilter.Bbox(num(b.get("minLon")), num(b.get("minLat")), num(b.get("maxLon")), num(b.get("maxLat"))) : null;
        return new ParcelFilter(strings(m.get("county")), (String) m.get("mineral"), strings(m.get("status")),
                number(m.get("minAreaKm2")), number(m.get("maxAreaKm2")), (String) m.get("nameContains"), bbox,
                GeometryArguments.geometryInput((Map<?, ?>) m.get("intersects")),
                m.get("overlap") == null ? null : overlap.apply(maps(m.get("overlap"))));
    }

    static ParcelDraft draft(Map<String, Object> m) {
        return new ParcelDraft((String) m.get("code"), (String) m.get("name"), (String) m.get("county"), (String) m.get("status"),
                (String) m.get("basis"), (String) m.get("miningMethod"), (BigDecimal) m.get("elevationTopM"),
                (BigDecimal) m.get("elevationBottomM"), (BigDecimal) m.get("serviceLifeYears"), (BigDecimal) m.get("plannedStartPriceYuan"),
                (LocalDate) m.get("plannedListing"), (String) m.get("sourceDocument"), strings(m.get("responsibleBodies")),
                (String) m.get("geology"), (String) m.get("planConformityStatement"), (Boolean) m.get("statedClearOfRedLine"),
                (Boolean) m.get("statedClearOfBasicFarmland"), (Boolean) m.get("statedOutsideMountainList"),
                milestones(m.get("milestones")), GeometryArguments.geometryInput((Map<?, ?>) m.get("geometry")),
                (String) m.get("geometryNote"), ReserveArguments.reserves(m.get("reserves")),
                ReserveArguments.capacities(m.get("designCapacities")));
    }

    /** A field left out of the patch is absent; one sent as null is sent as null (cleared). */
    static ParcelPatch patch(Map<String, Object> m) {
        return new ParcelPatch(field(m, "code", String.class::cast), field(m, "name", String.class::cast),
                field(m, "county", String.class::cast), field(m, "status", String.class::cast), field(m, "basis", String.class::cast),
                field(m, "miningMethod", String.class::cast), field(m, "elevationTopM", BigDecimal.class::cast),
                field(m, "elevationBottomM", BigDecimal.class::cast), field(m, "serviceLifeYears", BigDecimal.class::cast),
                field(m, "plannedStartPriceYuan", BigDecimal.class::cast), field(m, "plannedListing", LocalDate.class::cast),
                field(m, "sourceDocument", String.class::cast), field(m, "responsibleBodies", ParcelArguments::strings),
                field(m, "geology", String.class::cast), field(m, "planConformityStatement", String.class::cast),
                field(m, "statedClearOfRedLine", Boolean.class::cast), field(m, "statedClearOfBasicFarmland", Boolean.class::cast),
                field(m, "statedOutsideMountainList", Boolean.class::cast), field(m, "milestones", ParcelArguments::milestones),
                field(m, "geometry", g -> GeometryArguments.geometryInput((Map<?, ?>) g)), field(m, "geometryNote", String.class::cast),
                ReserveArguments.reserves(m.get("reserves")), ReserveArguments.capacities(m.get("designCapacities")));
    }

    private static <T> Patched<T> field(Map<String, Object> m, String name, Function<Object, T> read) {
        return m.containsKey(name) ? Patched.of(read.apply(m.get(name))) : Patched.absent();
    }

    private static List<MineParcel.Milestone> milestones(Object list) {
        return list == null ? null : maps(list).stream()
                .map(m -> new MineParcel.Milestone((LocalDate) m.get("date"), (String) m.get("what")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }

    private static double num(Object v) {
        return ((Number) v).doubleValue();
    }

    private static Double number(Object v) {
        return v == null ? null : num(v);
    }
}
