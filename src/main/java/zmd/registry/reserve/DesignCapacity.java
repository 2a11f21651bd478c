package zmd.registry.reserve;

import java.math.BigDecimal;

/**
 * Design capacity for one mineral; {@code unit} is the quantity unit, per year implied. Callers send the same record,
 * the unit with or without its "/年", checked by {@link ReserveInputs} before it is stored.
 */
public record DesignCapacity(String mineral, BigDecimal quantityPerYear, String unit) {
    public String unitPerYear() {
        return unit + "/年";
    }
}
