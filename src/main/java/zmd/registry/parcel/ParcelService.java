package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.Decimals;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.county.County;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.generated.tables.records.MineParcelRecord;
import zmd.registry.geo.GeometryInput;
import zmd.registry.geo.GeometryInputParser;
import zmd.registry.geo.InvalidGeometryException;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;
import zmd.registry.reserve.ReserveInputs;
import zmd.registry.reserve.ReserveRepository;

/**
 * The register of mining-right blocks: who may see which block, what a valid block is, and writes that
 * happen whole or not at all.
 */
public final class ParcelService {
    private static final Set<String> LISTING_STATUSES = Set.of("LISTED", "GRANTED");
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(50, 0, 200);

    private final ParcelRepository parcels;
    private final ReserveRepository reserves;
    private final CountyRepository counties;
    private final OverlapFilter overlapFilter;

    /** Turns the filter's {@code overlap} input into a condition on mine_parcel; supplied by the protection feature. */
    @FunctionalInterface
    public interface OverlapFilter {
        Condition condition(Caller caller, List<Map<String, Object>> input);
    }

    public ParcelService(ParcelRepository parcels, ReserveRepository reserves, CountyRepository counties, OverlapFilter overlapFilter) {
        this.parcels = parcels;
        this.reserves = reserves;
        this.counties = counties;
        this.overlapFilter = overlapFilter;
    }

    /** Planned blocks are internal until offered: only staff see them. Applied to every read. */
    public static Condition visibleTo(Caller caller) {
        return caller.isStaff() ? DSL.trueCondition() : MINE_PARCEL.STATUS.ne("PLANNED");
    }

    public Optional<MineParcel> get(Caller caller, String id) {
        return parcels.byId(RegistryException.parseId(id, "id"), visibleTo(caller));
    }

    public Optional<MineParcel> byCode(Caller caller, String code) {
        return parcels.byCode(code, visibleTo(caller));
    }

    public Map<UUID, MineParcel> visibleByIds(Caller caller, Collection<UUID> ids) {
        return visibleByIds(caller, ids, null);
    }

    /** The same, reading only the columns the named fields need (the others come back null). */
    public Map<UUID, MineParcel> visibleByIds(Caller caller, Collection<UUID> ids, Set<String> fields) {
        return parcels.byIds(ids, visibleTo(caller), fields);
    }

    public Map<UUID, Object> geometries(Collection<UUID> ids, GeometryRequest request) {
        return parcels.geometries(ids, request);
    }

    /** A page of blocks and the GeoJSON read with it (to prime the geometry loader). */
    public record ListResult(Page<MineParcel> page, Map<GeometryRequest, Map<UUID, Object>> geometries) {
    }

    public ListResult list(Caller caller, Map<String, Object> filter, String orderBy, PageRequest request, ParcelSelection selection) {
        ParcelQuery q = query(caller, filter == null ? Map.of() : filter, ParcelQuery.Order.valueOf(orderBy), request);
        Condition visible = visibleTo(caller);
        ParcelRepository.Page result = parcels.page(q, visible, selection);
        return new ListResult(request.page(result.rows(), p -> Cursors.encode(ParcelRepository.cursorValues(q.order(), p)),
                () -> parcels.count(q, visible)), result.geometries());
    }

    ParcelQuery query(Caller caller, Map<String, Object> f, ParcelQuery.Order order, PageRequest request) {
        List<?> cursor = null;
        if (request.after() != null) {
            cursor = Cursors.decode(request.after(), "after");
            if (cursor.size() != 3 || !order.name().equals(cursor.get(0))) {
                throw RegistryException.badInput("after", "the cursor belongs to another ordering than " + order);
            }
            if (!ParcelRepository.fits(order, cursor)) {
                throw RegistryException.badInput("after", "after is not a cursor returned by this API");
            }
        }
        List<String> countyCodes = null;
        if (f.get("county") instanceof List<?> names) {
            countyCodes = names.stream().map(n -> county((String) n, "filter.county").code()).toList();
        }
        Double minArea = area(f.get("minAreaKm2"), "filter.minAreaKm2");
        Double maxArea = area(f.get("maxAreaKm2"), "filter.maxAreaKm2");
        if (minArea != null && maxArea != null && minArea > maxArea) {
            throw RegistryException.badInput("filter", "filter.minAreaKm2 is larger than filter.maxAreaKm2");
        }
        double[] bbox = null;
        if (f.get("bbox") instanceof Map<?, ?> b) {
            bbox = new double[] {num(b.get("minLon")), num(b.get("minLat")), num(b.get("maxLon")), num(b.get("maxLat"))};
            if (bbox[0] >= bbox[2] || bbox[1] >= bbox[3]) {
                throw RegistryException.badInput("filter.bbox", "filter.bbox needs minLon < maxLon and minLat < maxLat");
            }
            if (Math.abs(bbox[0]) > 180 || Math.abs(bbox[2]) > 180 || Math.abs(bbox[1]) > 90 || Math.abs(bbox[3]) > 90) {
                throw RegistryException.badInput("filter.bbox", "filter.bbox is longitude/latitude in degrees");
            }
        }
        Geometry intersects = null;
        if (f.get("intersects") instanceof Map<?, ?> g) {
            intersects = GeometryInputParser.parse(geometryInput(g)).geometry();
        }
        @SuppressWarnings("unchecked")
        List<String> statuses = (List<String>) f.get("status");
        String mineral = blankToNull((String) f.get("mineral"));
        String name = blankToNull((String) f.get("nameContains"));
        Condition overlap = f.get("overlap") instanceof List<?> list && !list.isEmpty()
                ? overlapFilter.condition(caller, maps(list)) : null;
        return new ParcelQuery(countyCodes, mineral, statuses, minArea, maxArea, name, bbox, intersects, overlap, order, request.first(), cursor);
    }

    public MineParcel create(Caller caller, Map<String, Object> input) {
        caller.requireEditor("Registering a block");
        MineParcelRecord values = new MineParcelRecord();
        String code = code(input.get("code"));
        values.setCode(code);
        values.setName(Texts.required(input.get("name"), "name", 200));
        County county = county((String) input.get("county"), "county");
        values.setCountyCode(county.code());
        values.setStatus(input.get("status") != null ? staffStatus((String) input.get("status")) : "PLANNED");
        applyOptional(input, values);
        checkElevation(values.getElevationTopM(), values.getElevationBottomM());
        GeometryInputParser.Parsed parsed = GeometryInputParser.parse(geometryInput((Map<?, ?>) input.get("geometry")));
        List<Reserve> reserveRows = ReserveInputs.reserves(maps(input.get("reserves")), reserves.knownUnits());
        List<DesignCapacity> capacityRows = ReserveInputs.capacities(maps(input.get("designCapacities")), reserves.knownUnits());

        UUID id = parcels.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
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
        if (LISTING_STATUSES.contains(status)) {
            throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "status " + status + " is set by the block's listing"
                    + " (announceListing, reportListingOutcome), not by staff", Map.of("field", "status"));
        }
        return status;
    }

    public MineParcel update(Caller caller, String idText, int version, Map<String, Object> patch) {
        caller.requireEditor("Changing a block");
        UUID id = RegistryException.parseId(idText, "id");
        MineParcel current = parcels.byId(id, DSL.trueCondition()).orElseThrow(() -> RegistryException.notFound("block " + idText));
        MineParcelRecord changes = new MineParcelRecord();
        changes.changed(false);
        if (patch.containsKey("code")) {
            changes.setCode(code(patch.get("code")));
        }
        if (patch.containsKey("name")) {
            changes.setName(Texts.required(patch.get("name"), "name", 200));
        }
        County county = counties.byCode(current.countyCode());
        if (patch.containsKey("county")) {
            county = county((String) patch.get("county"), "county");
            changes.setCountyCode(county.code());
        }
        if (patch.containsKey("status")) {
            if (patch.get("status") == null) {
                throw RegistryException.badInput("status", "status cannot be cleared");
            }
            String status = staffStatus((String) patch.get("status"));
            if (!status.equals(current.status()) && LISTING_STATUSES.contains(current.status())) {
                throw new RegistryException(ErrorCode.ILLEGAL_TRANSITION, "the block is " + current.status()
                        + " through its listing; its status follows the listing (withdrawListing, reportListingOutcome)",
                        Map.of("field", "status"));
            }
            changes.setStatus(status);
        }
        applyOptional(patch, changes);
        checkElevation(patch.containsKey("elevationTopM") ? changes.getElevationTopM() : current.elevationTopM(),
                patch.containsKey("elevationBottomM") ? changes.getElevationBottomM() : current.elevationBottomM());
        GeometryInputParser.Parsed parsed = null;
        if (patch.containsKey("geometry")) {
            if (patch.get("geometry") == null) {
                throw new InvalidGeometryException("geometry cannot be cleared; a block needs its area");
            }
            parsed = GeometryInputParser.parse(geometryInput((Map<?, ?>) patch.get("geometry")));
        }
        List<Reserve> reserveRows = patch.get("reserves") != null
                ? ReserveInputs.reserves(maps(patch.get("reserves")), reserves.knownUnits()) : null;
        List<DesignCapacity> capacityRows = patch.get("designCapacities") != null
                ? ReserveInputs.capacities(maps(patch.get("designCapacities")), reserves.knownUnits()) : null;
        GeometryInputParser.Parsed geometry = parsed;
        County finalCounty = county;
        boolean countyChanged = patch.containsKey("county");

        parcels.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (changes.getCode() != null && parcels.codeTaken(tx, changes.getCode(), id)) {
                throw new RegistryException(ErrorCode.CONFLICT, "registry code " + changes.getCode() + " is already used by another block", Map.of("field", "code"));
            }
            if (geometry != null) {
                changes.setGeom(place(tx, geometry.geometry(), finalCounty));
            } else if (countyChanged) {
                requireInCounty(parcels.locate(tx, parcels.storedGeometry(tx, id)), finalCounty);
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

    private void applyOptional(Map<String, Object> in, MineParcelRecord r) {
        if (in.containsKey("basis")) {
            r.setBasis((String) in.get("basis"));
        }
        if (in.containsKey("miningMethod")) {
            r.setMiningMethod((String) in.get("miningMethod"));
        }
        if (in.containsKey("elevationTopM")) {
            r.setElevationTopM(elevation(in.get("elevationTopM"), "elevationTopM"));
        }
        if (in.containsKey("elevationBottomM")) {
            r.setElevationBottomM(elevation(in.get("elevationBottomM"), "elevationBottomM"));
        }
        if (in.containsKey("serviceLifeYears")) {
            BigDecimal years = (BigDecimal) in.get("serviceLifeYears");
            if (years != null && (years.signum() <= 0 || years.compareTo(new BigDecimal("1000")) >= 0 || years.scale() > 1)) {
                throw RegistryException.badInput("serviceLifeYears", "serviceLifeYears must be above 0 and below 1000 with at most one decimal, got " + years.toPlainString());
            }
            r.setServiceLifeYears(years);
        }
        if (in.containsKey("plannedStartPriceYuan")) {
            Object yuan = in.get("plannedStartPriceYuan");
            r.setPlannedStartPrice(yuan == null ? null : Decimals.column(yuan, "plannedStartPriceYuan", Decimals.YUAN, false));
        }
        if (in.containsKey("plannedListing")) {
            LocalDate month = (LocalDate) in.get("plannedListing");
            r.setPlannedListing(month == null ? null : month.withDayOfMonth(1));
        }
        if (in.containsKey("sourceDocument")) {
            r.setSourceDocument(Texts.optional(in.get("sourceDocument"), "sourceDocument", 500));
        }
        if (in.containsKey("responsibleBodies")) {
            List<?> bodies = in.get("responsibleBodies") == null ? List.of() : (List<?>) in.get("responsibleBodies");
            r.setResponsibleBodies(bodies.stream().map(b -> Texts.required(b, "responsibleBodies", 200)).toArray(String[]::new));
        }
        if (in.containsKey("geology")) {
            r.setGeology(Texts.optional(in.get("geology"), "geology", 2000));
        }
        if (in.containsKey("planConformityStatement")) {
            r.setPlanConformityStatement(Texts.optional(in.get("planConformityStatement"), "planConformityStatement", 1000));
        }
        if (in.containsKey("statedClearOfRedLine")) {
            r.setStatedClearOfRedLine((Boolean) in.get("statedClearOfRedLine"));
        }
        if (in.containsKey("statedClearOfBasicFarmland")) {
            r.setStatedClearOfBasicFarmland((Boolean) in.get("statedClearOfBasicFarmland"));
        }
        if (in.containsKey("statedOutsideMountainList")) {
            r.setStatedOutsideMountainList((Boolean) in.get("statedOutsideMountainList"));
        }
        if (in.containsKey("milestones")) {
            r.setMilestones(Milestones.write(in.get("milestones")));
        }
        if (in.containsKey("geometryNote")) {
            r.setGeometryNote(Texts.optional(in.get("geometryNote"), "geometryNote", 1000));
        }
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

    private static BigDecimal elevation(Object value, String field) {
        BigDecimal m = (BigDecimal) value;
        if (m != null && (m.abs().compareTo(new BigDecimal("9000")) > 0 || m.scale() > 1)) {
            throw RegistryException.badInput(field, field + " must be within ±9000 m with at most one decimal, got " + m.toPlainString());
        }
        return m;
    }

    private County county(String codeOrName, String field) {
        County c = counties.find(codeOrName);
        if (c == null) {
            String known = counties.all().stream().map(x -> x.name() + " (" + x.code() + ")").collect(Collectors.joining(", "));
            throw RegistryException.badInput(field, field + ": unknown county " + Texts.quoted(codeOrName) + "; Zhumadian's are " + known);
        }
        return c;
    }

    private static String code(Object value) {
        String code = Texts.required(value, "code", 64);
        if (!code.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")) {
            throw RegistryException.badInput("code", "code " + Texts.quoted(code) + " may hold only letters, digits and . _ / - (up to 64)");
        }
        return code;
    }

    private static Double area(Object km2, String field) {
        if (km2 == null) {
            return null;
        }
        double v = ((Number) km2).doubleValue();
        if (v < 0 || !Double.isFinite(v)) {
            throw RegistryException.badInput(field, field + " must not be negative, got " + v);
        }
        return v * 1_000_000;
    }

    private static double num(Object v) {
        return ((Number) v).doubleValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    public static GeometryInput geometryInput(Map<?, ?> m) {
        if (m == null) {
            throw new InvalidGeometryException("geometry is required");
        }
        GeometryInput.CornerPointTableInput table = null;
        if (m.get("cornerPoints") instanceof Map<?, ?> cp) {
            List<GeometryInput.CornerRingInput> rings = new ArrayList<>();
            for (Map<String, Object> ring : (List<Map<String, Object>>) cp.get("rings")) {
                List<GeometryInput.CornerPointInput> points = new ArrayList<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) ring.get("points")) {
                    points.add(new GeometryInput.CornerPointInput((Integer) p.get("no"), num(p.get("x")), num(p.get("y"))));
                }
                rings.add(new GeometryInput.CornerRingInput(Boolean.TRUE.equals(ring.get("hole")), points));
            }
            table = new GeometryInput.CornerPointTableInput((Boolean) cp.get("zonePrefixed"), rings);
        }
        return new GeometryInput(m.get("geojson"), (String) m.get("wkt"), (Integer) m.get("srid"), table);
    }

    public boolean registerIsEmpty() {
        return parcels.isEmpty();
    }
}
