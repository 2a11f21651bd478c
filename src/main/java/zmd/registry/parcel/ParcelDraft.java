package zmd.registry.parcel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import zmd.registry.core.Patch;
import zmd.registry.geo.GeometryInput;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;

/**
 * A block to register, as sent; null is "not given". The service validates every field (text, decimals, county,
 * status, elevation order, geometry) and refuses with the field named. Without a status the block is PLANNED; without
 * reserves or capacities it has none.
 *
 * @param county a GB/T 2260 code or a name
 * @param plannedListing any day of the month planned (stored as its first day)
 */
public record ParcelDraft(
        String code,
        String name,
        String county,
        String status,
        String basis,
        String miningMethod,
        BigDecimal elevationTopM,
        BigDecimal elevationBottomM,
        BigDecimal serviceLifeYears,
        BigDecimal plannedStartPriceYuan,
        LocalDate plannedListing,
        String sourceDocument,
        List<String> responsibleBodies,
        String geology,
        String planConformityStatement,
        Boolean statedClearOfRedLine,
        Boolean statedClearOfBasicFarmland,
        Boolean statedOutsideMountainList,
        List<MineParcel.Milestone> milestones,
        GeometryInput geometry,
        String geometryNote,
        List<Reserve> reserves,
        List<DesignCapacity> designCapacities) {

    /**
     * The draft as a change to a blank block, so registering and changing a block share one set of field rules: what
     * it gives is given, what it leaves null is absent (its column's default, which is null or empty).
     */
    ParcelPatch asPatch() {
        return new ParcelPatch(given(code), given(name), given(county), given(status), given(basis), given(miningMethod),
                given(elevationTopM), given(elevationBottomM), given(serviceLifeYears), given(plannedStartPriceYuan),
                given(plannedListing), given(sourceDocument), given(responsibleBodies), given(geology), given(planConformityStatement),
                given(statedClearOfRedLine), given(statedClearOfBasicFarmland), given(statedOutsideMountainList), given(milestones),
                given(geometry), given(geometryNote), reserves, designCapacities);
    }

    private static <T> Patch<T> given(T value) {
        return value == null ? Patch.absent() : Patch.of(value);
    }
}
