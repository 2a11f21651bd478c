package zmd.registry.pricing;

import java.time.LocalDate;

/**
 * Which base prices to list, as the caller sent it: every condition given must hold, a null one does not filter.
 * The region is a code or a name, resolved by the service; a blank mineral or edition does not filter.
 */
public record BasePriceFilter(String mineral, String region, LocalDate validOn, String edition) {
    public static final BasePriceFilter ANY = new BasePriceFilter(null, null, null, null);
}
