package zmd.registry.protection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jooq.DSLContext;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.PastRows;
import zmd.registry.db.RequestBudget;
import zmd.registry.geo.GeometryInput;
import zmd.registry.geo.GeometryInputParser;
import zmd.registry.geo.InvalidGeometryException;
import zmd.registry.parcel.ParcelStatus;
import zmd.registry.protection.OverlapRepository.Block;

/**
 * Overlap checks of blocks against the current datasets of the protected layers, the planned zones and the
 * other registered blocks. Staff only: the report names unpublished blocks and protected land. The measuring is
 * {@link OverlapMeasure}'s; the parcel list's overlap filter is {@link OverlapFilters}'.
 */
public final class OverlapService {
    public static final double DEFAULT_TOLERANCE_M2 = 1;

    private final OverlapRepository repository;
    private final LayerRepository layers;
    private final OverlapMeasure measure;
    /**
     * Checks run at most two per core at once, first come first served. They are CPU-bound in the server and in
     * PostgreSQL; run all at once, each takes as long as all of them and the unlucky ones far longer. Measured at 8
     * clients on 2 cores: p95 94 ms unbounded, 51 ms with 4 at once (and 3% more checks per second); 2 at once left
     * the CPU idle while a check waited for the database.
     */
    private final Semaphore running = new Semaphore(2 * Runtime.getRuntime().availableProcessors(), true);
    /**
     * Checks of blocks with more vertices than any real corner table (a comb near the 50 000 cap costs seconds of CPU)
     * take turns in one lane of their own, so a few such checks cannot occupy every core the other callers need.
     */
    static final int HEAVY_VERTICES = 5_000;
    /** Blocks are checked in the Gauss–Krüger zone, EPSG:4547. */
    private static final int PROJECTED_SRID = 4547;
    private final Semaphore heavyLane = new Semaphore(1, true);
    private final PastRegister past;

    public OverlapService(OverlapRepository repository, LayerRepository layers, PastRegister past) {
        this.repository = repository;
        this.layers = layers;
        this.past = past;
        this.measure = new OverlapMeasure(repository, layers);
    }

    /** What to check and which geometry outputs were asked for. Equal requests are batched together. */
    public record CheckRequest(Set<OverlapRule> rules, double toleranceM2, Set<OutputShape> intersections, Set<OutputShape> outside) {
        /** {@code rules} null for all of them; {@code toleranceM2} null for the default. */
        public static CheckRequest of(List<OverlapRule> rules, Double toleranceM2, Set<OutputShape> intersections, Set<OutputShape> outside) {
            Set<OverlapRule> set = EnumSet.allOf(OverlapRule.class);
            if (rules != null) {
                if (rules.isEmpty()) {
                    throw RegistryException.badInput("rules", "rules must name at least one rule, or be omitted for all");
                }
                set = EnumSet.copyOf(rules);
            }
            return new CheckRequest(set, tolerance(toleranceM2), Set.copyOf(intersections), Set.copyOf(outside));
        }
    }

    static double tolerance(Double toleranceM2) {
        double tol = toleranceM2 == null ? DEFAULT_TOLERANCE_M2 : toleranceM2;
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw RegistryException.badInput("toleranceM2", "toleranceM2 must be a finite number of m² ≥ 0, got " + toleranceM2);
        }
        return tol;
    }

    /**
     * {@code Query.overlapCheck}: a registered block by id, or a proposed geometry; exactly one. With {@code asOf}, as
     * the register was at that instant: the block's geometry then, and each layer's dataset current then.
     */
    public OverlapReport check(Caller caller, String parcelId, GeometryInput geometry, CheckRequest request, OffsetDateTime asOf) {
        caller.requireStaff("An overlap check");
        if ((parcelId == null) == (geometry == null)) {
            throw RegistryException.badInput("give exactly one of parcelId (a registered block) or geometry (a proposed block)");
        }
        if (asOf != null) {
            return checkAsOf(caller, parcelId, geometry, request, asOf);
        }
        if (parcelId != null) {
            UUID id = RegistryException.parseId(parcelId, "parcelId");
            OverlapReport report = checkParcels(caller, List.of(id), request).get(id);
            if (report == null) {
                throw RegistryException.notFound("block " + parcelId);
            }
            return report;
        }
        GeometryInputParser.Parsed parsed = GeometryInputParser.parse(geometry);
        OverlapRepository.Projected projected = repository.project(parsed.geometry());
        if (!projected.valid()) {
            throw new InvalidGeometryException("the block is not valid once moved to EPSG:4547: " + projected.invalidReason());
        }
        List<Block> blocks = List.of(new Block(null, null, projected.geometry(), false));
        List<OverlapReport> reports = run(blocks, request);
        recordAccess(caller, blocks, reports);
        return reports.getFirst();
    }

    private OverlapReport checkAsOf(Caller caller, String parcelId, GeometryInput geometry, CheckRequest request, OffsetDateTime asOf) {
        PastRows.recorded(layers.dsl(), asOf, "asOf");
        Block block;
        if (parcelId != null) {
            UUID id = RegistryException.parseId(parcelId, "parcelId");
            PastRegister.PastBlock then = past.block(id, asOf)
                    .orElseThrow(() -> RegistryException.notFound("block " + parcelId + " as of " + asOf + " (it was not registered then)"));
            OverlapRepository.Projected projected = repository.project(then.geometry());
            // Its shapes are recorded as a PLANNED block's if it was planned then or is now.
            boolean plannedNow = repository.parcelBlocks(List.of(id)).values().stream().anyMatch(Block::planned);
            block = new Block(id, then.code(), projected.geometry(), plannedNow || "PLANNED".equals(then.status()));
        } else {
            GeometryInputParser.Parsed parsed = GeometryInputParser.parse(geometry);
            OverlapRepository.Projected projected = repository.project(parsed.geometry());
            if (!projected.valid()) {
                throw new InvalidGeometryException("the block is not valid once moved to EPSG:4547: " + projected.invalidReason());
            }
            block = new Block(null, null, projected.geometry(), false);
        }
        Map<LayerCode, LayerDataset> datasets = new java.util.EnumMap<>(LayerCode.class);
        Set<LayerCode> asked = EnumSet.noneOf(LayerCode.class);
        request.rules().stream().filter(r -> r.layer() != null).forEach(r -> asked.add(r.layer()));
        past.currentDatasets(asOf).forEach((layer, id) -> {
            if (asked.contains(layer)) {
                datasets.put(layer, layers.findDataset(id).orElseThrow(() -> RegistryException.notFound("the " + layer + " dataset current at "
                        + asOf + " (id " + id + ") has been purged (purgeLayerDatasets): a check of that layer as of then cannot be repeated")));
            }
        });
        List<Block> blocks = List.of(block);
        List<OverlapReport> reports = run(blocks, request, datasets, asOf);
        recordAccess(caller, blocks, reports);
        // Other blocks are shown as they were then; one PLANNED now is recorded as the block checked is.
        List<UUID> neighbours = reports.getFirst().rules().stream().filter(r -> r.rule() == OverlapRule.OTHER_MINING_RIGHT)
                .flatMap(r -> r.features().stream()).filter(f -> f.intersection() != null && !f.intersection().isEmpty())
                .map(f -> UUID.fromString(f.id())).toList();
        if (!neighbours.isEmpty()) {
            caller.readPlannedBlocks(repository.parcelBlocks(neighbours).values().stream().filter(Block::planned).map(Block::id).toList());
        }
        return reports.getFirst();
    }

    /**
     * Keeps the datasets a report read from being purged until the caller's transaction ends, for a record that names
     * them (a stored compliance report, an announcement's evidence); CONFLICT if one was purged after it was read, so
     * that nothing is kept that rests on features already deleted.
     */
    public void holdDatasets(DSLContext tx, OverlapReport report) {
        List<Long> ids = report.rules().stream().filter(r -> r.dataset() != null).map(r -> r.dataset().id()).distinct().toList();
        if (!layers.hold(tx, ids)) {
            throw new RegistryException(ErrorCode.CONFLICT, "a layer dataset the check read was purged meanwhile (purgeLayerDatasets); ask again");
        }
    }

    /** Reports for registered blocks (missing ids are absent from the map), in a fixed number of statements. */
    public Map<UUID, OverlapReport> checkParcels(Caller caller, Collection<UUID> ids, CheckRequest request) {
        caller.requireStaff("An overlap check");
        List<Block> blocks = new ArrayList<>(repository.parcelBlocks(ids).values());
        Map<UUID, OverlapReport> out = new HashMap<>();
        if (blocks.isEmpty()) {
            return out;
        }
        List<OverlapReport> reports = run(blocks, request);
        recordAccess(caller, blocks, reports);
        for (int i = 0; i < blocks.size(); i++) {
            out.put(blocks.get(i).id(), reports.get(i));
        }
        return out;
    }

    /**
     * The access log's share of checks that return shapes (intersections, the part outside the zones): the layers
     * whose features they outline, around the blocks checked (EPSG:4547), and the PLANNED blocks they outline part
     * of: the block checked and the overlapping mining rights. Areas and ids alone are no coordinates.
     */
    private static void recordAccess(Caller caller, List<Block> blocks, List<OverlapReport> reports) {
        for (int i = 0; i < blocks.size(); i++) {
            for (OverlapReport.RuleResult rule : reports.get(i).rules()) {
                List<OverlapReport.OverlapFeature> shaped = rule.features().stream()
                        .filter(f -> f.intersection() != null && !f.intersection().isEmpty()).toList();
                boolean outside = rule.outsideGeometry() != null && !rule.outsideGeometry().isEmpty();
                if (blocks.get(i).planned() && (outside || !shaped.isEmpty())) {
                    // Both shapes are parts of the block checked.
                    caller.readPlannedBlocks(List.of(blocks.get(i).id()));
                }
                if (rule.rule().layer() != null && (outside || !shaped.isEmpty())) {
                    caller.readLayer(rule.rule().layer().name(), blocks.get(i).geometry().getEnvelopeInternal(), PROJECTED_SRID);
                } else if (rule.rule().layer() == null) {
                    caller.readPlannedBlocks(shaped.stream().filter(f -> ParcelStatus.PLANNED.name().equals(f.kind()))
                            .map(f -> UUID.fromString(f.id())).toList());
                }
            }
        }
    }

    /** One report per block, in order. */
    private List<OverlapReport> run(List<Block> blocks, CheckRequest request) {
        return run(blocks, request, null, null);
    }

    /** Checks taking turns (see HEAVY_VERTICES); {@code datasets} null for the current ones. */
    private List<OverlapReport> run(List<Block> blocks, CheckRequest request, Map<LayerCode, LayerDataset> datasets, OffsetDateTime asOf) {
        boolean heavy = blocks.stream().mapToInt(b -> b.geometry().getNumPoints()).sum() > HEAVY_VERTICES;
        if (heavy) {
            RequestBudget.acquire(heavyLane);
        }
        try {
            RequestBudget.acquire(running);
            try {
                return datasets == null ? measure.reports(blocks, request) : measure.reports(blocks, request, datasets, asOf);
            } finally {
                running.release();
            }
        } finally {
            if (heavy) {
                heavyLane.release();
            }
        }
    }

    /** A layer with its current and past datasets. */
    public record LayerView(LayerCode code, String nameZh, LayerDataset current, List<LayerDataset> datasets) {
    }

    public List<LayerView> layers(Caller caller) {
        caller.requireStaff("Reading the protected layers");
        Map<LayerCode, List<LayerDataset>> byLayer = new EnumMap<>(LayerCode.class);
        for (LayerDataset d : layers.allDatasets()) {
            byLayer.computeIfAbsent(d.layer(), k -> new ArrayList<>()).add(d);
        }
        List<LayerView> out = new ArrayList<>();
        for (LayerCode code : LayerCode.values()) {
            List<LayerDataset> ds = byLayer.getOrDefault(code, List.of());
            out.add(new LayerView(code, code.nameZh(), ds.stream().filter(LayerDataset::current).findFirst().orElse(null), ds));
        }
        return out;
    }
}
