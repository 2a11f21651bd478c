package zmd.registry.parcel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import zmd.registry.core.Patched;
import zmd.registry.geo.GeometryInput;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;

/**
 * A change to a block, as sent: each field is a {@link Patched}, absent to keep the block's value or sent to set it,
 * where null clears it. Code, name, county, status and geometry cannot be cleared (refused with the field named).
 * Reserves and capacities, when not null, replace the whole list; null keeps them. The service validates every value
 * sent as {@link ParcelDraft}'s.
 */
public record ParcelPatch(
        Patched<String> code,
        Patched<String> name,
        Patched<String> county,
        Patched<String> status,
        Patched<String> basis,
        Patched<String> miningMethod,
        Patched<BigDecimal> elevationTopM,
        Patched<BigDecimal> elevationBottomM,
        Patched<BigDecimal> serviceLifeYears,
        Patched<BigDecimal> plannedStartPriceYuan,
        Patched<LocalDate> plannedListing,
        Patched<String> sourceDocument,
        Patched<List<String>> responsibleBodies,
        Patched<String> geology,
        Patched<String> planConformityStatement,
        Patched<Boolean> statedClearOfRedLine,
        Patched<Boolean> statedClearOfBasicFarmland,
        Patched<Boolean> statedOutsideMountainList,
        Patched<List<MineParcel.Milestone>> milestones,
        Patched<GeometryInput> geometry,
        Patched<String> geometryNote,
        List<Reserve> reserves,
        List<DesignCapacity> designCapacities) {
}
