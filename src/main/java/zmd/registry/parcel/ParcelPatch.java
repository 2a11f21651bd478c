package zmd.registry.parcel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import zmd.registry.core.Patch;
import zmd.registry.geo.GeometryInput;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;

/**
 * A change to a block, as sent: each field is a {@link Patch}, absent to keep the block's value or given to set it,
 * where a given null clears it. Code, name, county, status and geometry cannot be cleared (refused with the field
 * named). Reserves and capacities, when not null, replace the whole list; null keeps them. The service validates every
 * given value as {@link ParcelDraft}'s.
 */
public record ParcelPatch(
        Patch<String> code,
        Patch<String> name,
        Patch<String> county,
        Patch<String> status,
        Patch<String> basis,
        Patch<String> miningMethod,
        Patch<BigDecimal> elevationTopM,
        Patch<BigDecimal> elevationBottomM,
        Patch<BigDecimal> serviceLifeYears,
        Patch<BigDecimal> plannedStartPriceYuan,
        Patch<LocalDate> plannedListing,
        Patch<String> sourceDocument,
        Patch<List<String>> responsibleBodies,
        Patch<String> geology,
        Patch<String> planConformityStatement,
        Patch<Boolean> statedClearOfRedLine,
        Patch<Boolean> statedClearOfBasicFarmland,
        Patch<Boolean> statedOutsideMountainList,
        Patch<List<MineParcel.Milestone>> milestones,
        Patch<GeometryInput> geometry,
        Patch<String> geometryNote,
        List<Reserve> reserves,
        List<DesignCapacity> designCapacities) {
}
