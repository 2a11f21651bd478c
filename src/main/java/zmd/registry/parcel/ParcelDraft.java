package zmd.registry.parcel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import zmd.registry.core.Patched;
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
     * it gives is set, what it leaves null is absent (its column's default, which is null or empty).
     */
    ParcelPatch asPatch() {
        return new ParcelPatch(orAbsent(code), orAbsent(name), orAbsent(county), orAbsent(status), orAbsent(basis),
                orAbsent(miningMethod), orAbsent(elevationTopM), orAbsent(elevationBottomM), orAbsent(serviceLifeYears),
                orAbsent(plannedStartPriceYuan), orAbsent(plannedListing), orAbsent(sourceDocument), orAbsent(responsibleBodies),
                orAbsent(geology), orAbsent(planConformityStatement), orAbsent(statedClearOfRedLine),
                orAbsent(statedClearOfBasicFarmland), orAbsent(statedOutsideMountainList), orAbsent(milestones), orAbsent(geometry),
                orAbsent(geometryNote), reserves, designCapacities);
    }

    /** The value as sent, or absent when null. */
    private static <T> Patched<T> orAbsent(T value) {
        return value == null ? Patched.absent() : Patched.of(value);
    }
}
