package zmd.registry.reserve;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import zmd.registry.core.Decimals;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;

/**
 * Validates reserves and capacities as sent, naming the exact entry and field that is wrong, and answers them as
 * stored: quantities at their column's scale, a capacity's unit without its "/年".
 */
public final class ReserveInputs {
    private ReserveInputs() {
    }

    public static List<Reserve> reserves(List<Reserve> input, Set<String> knownUnits) {
        List<Reserve> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Reserve r = input.get(i);
            String at = "reserves[" + i + "]";
            out.add(new Reserve(
                    Texts.required(r.mineral(), at + ".mineral", 100),
                    Texts.optional(r.category(), at + ".category", 40),
                    positive(r.quantity(), at + ".quantity"),
                    unit(r.unit(), at + ".unit", knownUnits),
                    Texts.optional(r.unitNote(), at + ".unitNote", 100),
                    Texts.optional(r.categoryNote(), at + ".categoryNote", 200)));
        }
        return out;
    }

    /** Capacities whose unit may be written per year ("万吨/年"): the period is implied. */
    public static List<DesignCapacity> capacities(List<DesignCapacity> input, Set<String> knownUnits) {
        List<DesignCapacity> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            DesignCapacity c = input.get(i);
            String at = "designCapacities[" + i + "]";
            String unit = c.unit() != null && c.unit().strip().endsWith("/年") ? c.unit().strip().substring(0, c.unit().strip().length() - 2) : c.unit();
            out.add(new DesignCapacity(
                    Texts.required(c.mineral(), at + ".mineral", 100),
                    positive(c.quantityPerYear(), at + ".quantityPerYear"),
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
