package zmd.registry.reserve;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The GraphQL inputs {@code ReserveInput} and {@code DesignCapacityInput} as records, for the block inputs that carry
 * them. The schema has already coerced every value, so nothing here refuses: {@link ReserveInputs} validates.
 */
public final class ReserveArguments {
    private ReserveArguments() {
    }

    /** The reserves sent, or null when none were. */
    public static List<Reserve> reserves(Object input) {
        return input == null ? null : maps(input).stream()
                .map(r -> new Reserve((String) r.get("mineral"), (String) r.get("category"), (BigDecimal) r.get("quantity"),
                        (String) r.get("unit"), (String) r.get("unitNote"), (String) r.get("categoryNote")))
                .toList();
    }

    /** The capacities sent, or null when none were. */
    public static List<DesignCapacity> capacities(Object input) {
        return input == null ? null : maps(input).stream()
                .map(c -> new DesignCapacity((String) c.get("mineral"), (BigDecimal) c.get("quantityPerYear"), (String) c.get("unit")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }
}
