package zmd.registry.reserve;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zmd.registry.core.Decimals;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;

/** Validates reserve and capacity input, naming the exact entry and field that is wrong. */
public final class ReserveInputs {
    private ReserveInputs() {
    }

    public static List<Reserve> reserves(List<Map<String, Object>> input, Set<String> knownUnits) {
        List<Reserve> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Map<String, Object> r = input.get(i);
            String at = "reserves[" + i + "]";
            out.add(new Reserve(
                    Texts.required(r.get("mineral"), at + ".mineral", 100),
                    Texts.optional(r.get("category"), at + ".category", 40),
                    positive(r.get("quantity"), at + ".quantity"),
                    unit(r.get("unit"), at + ".unit", knownUnits),
                    Texts.optional(r.get("unitNote"), at + ".unitNote", 100),
                    Texts.optional(r.get("categoryNote"), at + ".categoryNote", 200)));
        }
        return out;
    }

    public static List<DesignCapacity> capacities(List<Map<String, Object>> input, Set<String> knownUnits) {
        List<DesignCapacity> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Map<String, Object> c = input.get(i);
            String at = "designCapacities[" + i + "]";
            String unit = c.get("unit") instanceof String s && s.strip().endsWith("/年") ? s.strip().substring(0, s.strip().length() - 2) : (String) c.get("unit");
            out.add(new DesignCapacity(
                    Texts.required(c.get("mineral"), at + ".mineral", 100),
                    positive(c.get("quantityPerYear"), at + ".quantityPerYear"),
                    unit(unit, at + ".unit", knownUnits)));
        }
        return out;
    }

    static String unit(Object value, String field, Set<String> knownUnits) {
        String unit = Texts.required(value, field, 20);
        if (!knownUnits.contains(unit)) {
            throw RegistryException.badInput(field, field + ": unknown unit " + Texts.quoted(unit) + "; known units: " + String.join(", ", knownUnits));
        }
        return unit;
    }

    static BigDecimal positive(Object value, String field) {
        return Decimals.column(value, field, Decimals.QUANTITY, false);
    }

}
