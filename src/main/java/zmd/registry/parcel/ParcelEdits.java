package zmd.registry.parcel;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.Decimals;
import zmd.registry.core.EnumValues;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.county.County;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.Changes;
import zmd.registry.db.generated.tables.records.MineParcelRecord;
import zmd.registry.geo.GeometryInput;
import zmd.registry.geo.GeometryInputParser;
import zmd.registry.geo.InvalidGeometryException;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;
import zmd.registry.reserve.ReserveInputs;
import zmd.registry.reserve.ReserveRepository;

/**
 * Registering and changing blocks: what a valid block is, and writes that happen whole or not at all. Every field is
 * checked before the transaction begins, in the order of the input, and the first wrong one is refused with its name;
 * the transaction checks what needs the database (the code is free, the block lies in the city and its county).
 */
public final class ParcelEdits {

    private final ParcelRepository parcels;
    private final ReserveRepository reserves;
    private final CountyRepository counties;

    public ParcelEdits(ParcelRepository parcels, ReserveRepository reserves, CountyRepository counties) {
        this.parcels = parcels;
        this.reserves = reserves;
        this.counties = counties;
    }

    public MineParcel create(Caller caller, ParcelDraft draft) {
        caller.requireEditor("Registering a block");
        MineParcelRecord values = new MineParcelRecord();
        String code = code(draft.code());
        values.setCode(code);
        values.setName(Texts.required(draft.name(), "name", 200));
        County county = counties.named(draft.county(), "county");
        values.setCountyCode(county.code());
        values.setStatus(draft.status() != null ? staffStatus(draft.status()) : ParcelStatus.PLANNED.name());
        applyDetails(draft.asPatch(), values);
        checkElevation(values.getElevationTopM(), values.getElevationBottomM());
        GeometryInputParser.Parsed parsed = GeometryInputParser.parse(required(draft.geometry()));
        List<Reserve> reserveRows = ReserveInputs.reserves(orNone(draft.reserves()), reserves.knownUnits());
        List<DesignCapacity> capacityRows = ReserveInputs.capacities(orNone(draft.designCapacities()), reserves.knownUnits());

        UUID id = Changes.transaction(parcels.dsl(), caller, "createMineParcel", tx -> {
            if (parcels.codeTaken(tx, code, null)) {
                throw new RegistryException(ErrorCode.CONFLICT, "registry code " + code + " is already used by another block", Map.of("field", "code"));
            }
            values.setGeom(place(tx, parsed.geometry(), county));
            UUID newId = parcels.insert(tx, values);
            reserves.replaceReserves(tx, newId, reserveRows);
            reserves.replaceCapacities(tx, newId, capacityRows);
            return newId;
        });
        return parcels.byId(id, DSL.trueCondition()).orElseThrow();
    }

    /**
     * LISTED and GRANTED belong to the listing lifecycle: only announcing, bidding and the reported outcome move a
     * block there (with the announce gate's checks), so the public never sees a LISTED block without its listing.
     */
    private static String staffStatus(String status) {
        if (EnumValues.parse(ParcelStatus.class, status, "status", "a block status").setByListings()) {
            throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "status " + status + " is set by the block's listing"
                    + " (announceListing, reportListingOutcome), not by staff", Map.of("field", "status"));
        }
        return status;
    }

    public MineParcel update(Caller caller, String idText, int version, ParcelPatch patch) {
        caller.requireEditor("Changing a block");
        UUID id = RegistryException.parseId(idText, "id");
        MineParcel current = parcels.byId(id, DSL.trueCondition()).orElseThrow(() -> RegistryException.notFound("block " + idText));
        MineParcelRecord changes = new MineParcelRecord();
        changes.changed(false);
        patch.code().ifSent(code -> changes.setCode(code(code)));
        patch.name().ifSent(name -> changes.setName(Texts.required(name, "name", 200)));
        County county = patch.county().sent()
                ? counties.named(patch.county().value(), "county") : counties.byCode(current.countyCode());
        if (patch.county().sent()) {
            changes.setCountyCode(county.code());
        }
        if (patch.status().sent()) {
            if (patch.status().cleared()) {
                throw RegistryException.badInput("status", "status cannot be cleared");
            }
            String status = staffStatus(patch.status().value());
            if (!status.equals(current.status()) && ParcelStatus.valueOf(current.status()).setByListings()) {
                throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "the block is " + current.status()
                        + " through its listing; its status follows the listing (withdrawListing, reportListingOutcome)",
                        Map.of("field", "status"));
            }
            changes.setStatus(status);
        }
        applyDetails(patch, changes);
        checkElevation(patch.elevationTopM().orElse(current.elevationTopM()), patch.elevationBottomM().orElse(current.elevationBottomM()));
        GeometryInputParser.Parsed geometry = patch.geometry().sent() ? GeometryInputParser.parse(notCleared(patch.geometry().value())) : null;
        List<Reserve> reserveRows = patch.reserves() != null ? ReserveInputs.reserves(patch.reserves(), reserves.knownUnits()) : null;
        List<DesignCapacity> capacityRows = patch.designCapacities() != null
                ? ReserveInputs.capacities(patch.designCapacities(), reserves.knownUnits()) : null;

        Changes.transaction(parcels.dsl(), caller, "updateMineParcel", tx -> {
            if (changes.getCode() != null && parcels.codeTaken(tx, changes.getCode(), id)) {
                throw new RegistryException(ErrorCode.CONFLICT, "registry code " + changes.getCode() + " is already used by another block", Map.of("field", "code"));
            }
            if (geometry != null) {
                changes.setGeom(place(tx, geometry.geometry(), county));
            } else if (patch.county().sent()) {
                requireInCounty(parcels.locate(tx, parcels.storedGeometry(tx, id)), county);
            }
            int updated = parcels.update(tx, id, version, changes);
            if (updated == 0) {
                int now = parcels.currentVersion(tx, id).orElseThrow(() -> RegistryException.notFound("block " + idText));
                throw new RegistryException(ErrorCode.CONFLICT,
                        "block " + idText + " was changed by someone else: you sent version " + version + ", the register is at version " + now
                                + "; reload it and apply your change again",
                        Map.of("currentVersion", now));
            }
            if (reserveRows != null) {
                reserves.replaceReserves(tx, id, reserveRows);
            }
            if (capacityRows != null) {
                reserves.replaceCapacities(tx, id, capacityRows);
            }
            return id;
        });
        return parcels.byId(id, DSL.trueCondition()).orElseThrow();
    }

    /** Moves a parsed geometry into EPSG:4490 and checks it is valid there and lies in the city and the county. */
    private Geometry place(DSLContext tx, Geometry parsed, County county) {
        ParcelRepository.Placement placement = parcels.toStorage(tx, parsed);
        if (!placement.valid()) {
            throw new InvalidGeometryException("the block is not valid once transformed to EPSG:4490: " + placement.invalidReason());
        }
        requireInCounty(parcels.locate(tx, placement.storage()), county);
        return placement.storage();
    }

    private void requireInCounty(ParcelRepository.Location location, County county) {
        if (!location.insideCity()) {
            throw new InvalidGeometryException("the block lies " + (location.countyCodes().isEmpty() ? "" : "partly ")
                    + "outside Zhumadian (its ten counties and districts, about 113.2–115.2 E, 32.3–33.6 N)",
                    Map.of("problem", "OUTSIDE_CITY"));
        }
        if (!location.countyCodes().contains(county.code())) {
            County actual = counties.byCode(location.countyCodes().getFirst());
            throw new RegistryException(ErrorCode.BAD_USER_INPUT, "the block lies in " + actual.name() + " (" + actual.code() + "), not in "
                    + county.name() + " (" + county.code() + "), by the register's approximate county boundaries",
                    Map.of("field", "county", "countyFound", actual.code()));
        }
    }

    /** The fields a block may or may not have, each checked and set when sent. */
    private static void applyDetails(ParcelPatch in, MineParcelRecord r) {
        in.basis().ifSent(b -> r.setBasis(b == null ? null : EnumValues.parse(ExplorationBasis.class, b, "basis", "an exploration basis").name()));
        in.miningMethod().ifSent(m -> r.setMiningMethod(m == null ? null
                : EnumValues.parse(MiningMethod.class, m, "miningMethod", "a mining method").name()));
        in.elevationTopM().ifSent(m -> r.setElevationTopM(elevation(m, "elevationTopM")));
        in.elevationBottomM().ifSent(m -> r.setElevationBottomM(elevation(m, "elevationBottomM")));
        in.serviceLifeYears().ifSent(years -> {
            if (years != null && (years.signum() <= 0 || years.compareTo(new BigDecimal("1000")) >= 0 || years.scale() > 1)) {
                throw RegistryException.badInput("serviceLifeYears", "serviceLifeYears must be above 0 and below 1000 with at most one decimal, got " + years.toPlainString());
            }
            r.setServiceLifeYears(years);
        });
        in.plannedStartPriceYuan().ifSent(yuan ->
                r.setPlannedStartPrice(yuan == null ? null : Decimals.column(yuan, "plannedStartPriceYuan", Decimals.YUAN, false)));
        in.plannedListing().ifSent(month -> r.setPlannedListing(month == null ? null : month.withDayOfMonth(1)));
        in.sourceDocument().ifSent(text -> r.setSourceDocument(Texts.optional(text, "sourceDocument", 500)));
        in.responsibleBodies().ifSent(bodies -> r.setResponsibleBodies(orNone(bodies).stream()
                .map(b -> Texts.required(b, "responsibleBodies", 200)).toArray(String[]::new)));
        in.geology().ifSent(text -> r.setGeology(Texts.optional(text, "geology", 2000)));
        in.planConformityStatement().ifSent(text -> r.setPlanConformityStatement(Texts.optional(text, "planConformityStatement", 1000)));
        in.statedClearOfRedLine().ifSent(r::setStatedClearOfRedLine);
        in.statedClearOfBasicFarmland().ifSent(r::setStatedClearOfBasicFarmland);
        in.statedOutsideMountainList().ifSent(r::setStatedOutsideMountainList);
        in.milestones().ifSent(milestones -> r.setMilestones(Milestones.write(milestones)));
        in.geometryNote().ifSent(text -> r.setGeometryNote(Texts.optional(text, "geometryNote", 1000)));
    }

    private static void checkElevation(BigDecimal top, BigDecimal bottom) {
        if (top != null && bottom != null && top.compareTo(bottom) <= 0) {
            throw RegistryException.badInput("elevationTopM", "elevationTopM (" + top.toPlainString() + " m) must be above elevationBottomM ("
                    + bottom.toPlainString() + " m)");
        }
        if ((top == null) != (bottom == null)) {
            throw RegistryException.badInput(top == null ? "elevationTopM" : "elevationBottomM",
                    "give both elevationTopM and elevationBottomM, or neither");
        }
    }

    private static BigDecimal elevation(BigDecimal m, String field) {
        if (m != null && (m.abs().compareTo(new BigDecimal("9000")) > 0 || m.scale() > 1)) {
            throw RegistryException.badInput(field, field + " must be within ±9000 m with at most one decimal, got " + m.toPlainString());
        }
        return m;
    }

    private static String code(String value) {
        String code = Texts.required(value, "code", 64);
        if (!code.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")) {
            throw RegistryException.badInput("code", "code " + Texts.quoted(code) + " may hold only letters, digits and . _ / - (up to 64)");
        }
        return code;
    }

    private static GeometryInput required(GeometryInput geometry) {
        if (geometry == null) {
            throw new InvalidGeometryException("geometry is required");
        }
        return geometry;
    }

    private static GeometryInput notCleared(GeometryInput geometry) {
        if (geometry == null) {
            throw new InvalidGeometryException("geometry cannot be cleared; a block needs its area");
        }
        return geometry;
    }

    private static <T> List<T> orNone(List<T> list) {
        return list == null ? List.of() : list;
    }
}
