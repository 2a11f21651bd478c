package zmd.registry.protection;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import zmd.registry.core.GeoJson;
import zmd.registry.db.RequestBudget;
import zmd.registry.geo.Crs;
import zmd.registry.geo.IntersectionArea;
import zmd.registry.geo.Overlays;
import zmd.registry.geo.Polygons;
import zmd.registry.protection.OverlapReport.OverlapFeature;
import zmd.registry.protection.OverlapReport.RuleResult;
import zmd.registry.protection.OverlapRepository.Block;
import zmd.registry.protection.OverlapRepository.Candidate;

/**
 * One batch of overlap checks, measured: the reports of {@link OverlapService}, which decides who may check and how
 * many checks run at once.
 *
 * <p>Exactness and speed: the database only finds candidates by box; areas are computed here in EPSG:4547
 * by {@link IntersectionArea} (the block triangulated once, each candidate clipped against the triangles
 * under it), so a feature wholly inside the block costs a few microseconds and reports its stored area, a
 * feature across the boundary costs little more, and nothing can throw a topology error. Red lines come
 * as their subdivided pieces and are summed per red line.
 */
final class OverlapMeasure {
    /**
     * Overlaps below 1 mm² are floating-point noise of edges that only touch (coordinates pass through
     * EPSG:4490 and back): no overlap at all.
     */
    private static final double NOISE_M2 = 1e-6;
    /** A feature whose overlap equals its own area to this relative precision lies wholly inside. */
    private static final double SAME_AREA = 1e-9;
    /** Blocks of more parts than this are searched by their whole box rather than one box per part. */
    private static final int MAX_BOXES_PER_BLOCK = 16;

    private final OverlapRepository repository;
    private final LayerRepository layers;

    OverlapMeasure(OverlapRepository repository, LayerRepository layers) {
        this.repository = repository;
        this.layers = layers;
    }

    /** One report per block, in order. */
    List<OverlapReport> reports(List<Block> blocks, OverlapService.CheckRequest request) {
        return reports(blocks, request, layers.currentDatasets(), null);
    }

    /** One report per block, against the given dataset of each layer (a layer absent has none), as of {@code asOf}. */
    List<OverlapReport> reports(List<Block> blocks, OverlapService.CheckRequest request, Map<LayerCode, LayerDataset> datasets,
            OffsetDateTime asOf) {
        OffsetDateTime checkedAt = OffsetDateTime.now(ZoneOffset.UTC);
        List<IntersectionArea> prepared = blocks.stream().map(b -> IntersectionArea.of(b.geometry())).toList();
        RequestBudget.check();
        List<Envelope> boxes = new ArrayList<>();
        for (Block b : blocks) {
            Geometry g = b.geometry();
            if (g.getNumGeometries() <= MAX_BOXES_PER_BLOCK) {
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    boxes.add(g.getGeometryN(i).getEnvelopeInternal());
                }
            } else {
                boxes.add(g.getEnvelopeInternal());
            }
        }
        boolean wantGeometry = !request.intersections().isEmpty();
        boolean wantOutside = !request.outside().isEmpty();
        List<Map<OverlapRule, RuleWork>> work = new ArrayList<>();
        blocks.forEach(b -> work.add(new EnumMap<>(OverlapRule.class)));
        for (OverlapRule rule : request.rules()) {
            LayerDataset dataset = rule.layer() == null ? null : datasets.get(rule.layer());
            if (rule.layer() != null && dataset == null) {
                for (Map<OverlapRule, RuleWork> w : work) {
                    w.put(rule, RuleWork.noData(rule));
                }
                continue;
            }
            List<Candidate> candidates = repository.candidates(rule, dataset == null ? null : dataset.id(), boxes, asOf);
            for (int i = 0; i < blocks.size(); i++) {
                work.get(i).put(rule, measure(rule, dataset, blocks.get(i), prepared.get(i), candidates, request.toleranceM2(),
                        wantGeometry, wantOutside));
            }
        }
        renderGeometry(work, request);
        List<OverlapReport> reports = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            List<RuleResult> results = work.get(i).values().stream().map(RuleWork::result).toList();
            reports.add(new OverlapReport(Verdict.overall(results.stream().map(RuleResult::verdict).toList()), results, b.id(), b.code(),
                    prepared.get(i).blockArea(), request.toleranceM2(), checkedAt, asOf));
        }
        return reports;
    }

    /** One feature's overlap with one block, summed over the pieces it came in. */
    private static final class Hit {
        final Candidate first;
        final double featureArea;
        double area;
        final List<Geometry> parts = new ArrayList<>();
        final List<Boolean> partInside = new ArrayList<>();
        boolean whollyInside;
        Map<OutputShape, GeoJson> geoJson = Map.of();
        Geometry intersection;

        Hit(Candidate first) {
            this.first = first;
            this.featureArea = first.featureAreaM2() != null ? first.featureAreaM2() : Polygons.area(first.polygons());
        }
    }

    /** A rule's result for one block while it is being assembled (geometry output comes last, batched). */
    private static final class RuleWork {
        OverlapRule rule;
        Verdict verdict;
        String summary;
        LayerDataset dataset;
        List<Hit> hits = List.of();
        int conflictCount;
        double total;
        double conflictArea;
        Double outside;
        double blockArea;
        double tolerance;
        Geometry outsideGeometry;
        Map<OutputShape, GeoJson> outsideJson = Map.of();

        static RuleWork noData(OverlapRule rule) {
            RuleWork w = new RuleWork();
            w.rule = rule;
            w.verdict = Verdict.NO_DATA;
            w.summary = "no dataset of " + rule.layer().nameZh() + " (" + rule.layer() + ") has been imported: this rule cannot be checked";
            return w;
        }

        RuleResult result() {
            List<OverlapFeature> features = new ArrayList<>(hits.size());
            for (Hit h : hits) {
                boolean sliver = rule != OverlapRule.PLANNED_ZONE && h.area <= tolerance;
                features.add(new OverlapFeature(h.first.featureId(), h.first.sourceId(), h.first.sourceIdProperty(), h.first.code(), h.first.name(), h.first.kind(), h.featureArea, h.area,
                        share(h.area), sliver, h.whollyInside, h.geoJson));
            }
            return new RuleResult(rule, verdict, summary, dataset, features, conflictCount, total, share(total), conflictArea, outside,
                    outside == null ? null : share(outside), outsideJson);
        }

        double share(double area) {
            return blockArea > 0 ? area / blockArea * 100 : 0;
        }
    }

    private static RuleWork measure(OverlapRule rule, LayerDataset dataset, Block block, IntersectionArea area, List<Candidate> candidates,
                                    double tol, boolean wantGeometry, boolean wantOutside) {
        RuleWork w = new RuleWork();
        w.rule = rule;
        w.dataset = dataset;
        w.blockArea = area.blockArea();
        w.tolerance = tol;
        Envelope env = block.geometry().getEnvelopeInternal();
        String self = block.id() == null ? null : block.id().toString();
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            RequestBudget.check();
            if (!env.intersects(c.envelope()) || c.featureId().equals(self)) {
                continue;
            }
            double a = area.area(c.polygons(), c.envelope());
            if (a <= NOISE_M2) {
                continue;
            }
            Hit h = hits.computeIfAbsent(c.featureId(), k -> new Hit(c));
            h.area += a;
            if (wantGeometry || rule == OverlapRule.PLANNED_ZONE) {
                h.parts.add(c.geometry());
            }
            if (wantGeometry) {
                // Only the intersection geometry needs to know which parts lie wholly inside.
                h.partInside.add(same(a, Polygons.area(c.polygons())));
            }
        }
        List<Hit> list = new ArrayList<>(hits.values());
        for (Hit h : list) {
            if (same(h.area, h.featureArea)) {
                // Wholly inside: the feature's own (stored) area, not a sum of clipped pieces.
                h.area = h.featureArea;
                h.whollyInside = true;
            }
        }
        list.sort(Comparator.comparingDouble((Hit h) -> -h.area).thenComparing(h -> h.first.featureId()));
        // Summed in the report's order, not the rows': the same check gives the same total to the last bit (a
        // compliance report must come out byte for byte the same), whatever order the plan returned features in.
        for (Hit h : list) {
            w.total += h.area;
        }
        w.hits = list;
        if (rule == OverlapRule.PLANNED_ZONE) {
            planned(w, block, area, tol, wantOutside);
        } else {
            for (Hit h : list) {
                if (h.area > tol) {
                    w.conflictCount++;
                    w.conflictArea += h.area;
                }
            }
            w.verdict = w.conflictCount > 0 ? Verdict.CONFLICT : Verdict.CLEAR;
            w.summary = summary(w, tol);
        }
        if (wantGeometry) {
            for (Hit h : list) {
                h.intersection = intersection(h, block.geometry());
            }
        }
        return w;
    }

    /** The block must lie inside the union of the planned zones; the part outside is the conflict. */
    private static void planned(RuleWork w, Block block, IntersectionArea area, double tol, boolean wantOutside) {
        double outside;
        Geometry zones = null;
        if (w.hits.isEmpty()) {
            outside = w.blockArea;
        } else if (w.hits.stream().anyMatch(h -> same(h.area, w.blockArea))) {
            outside = 0;
        } else {
            // Zones may overlap each other: measure the block against their union, not a sum.
            GeometryFactory f = new GeometryFactory(new PrecisionModel(), Crs.AREA_SRID);
            zones = Overlays.union(f.buildGeometry(w.hits.stream().flatMap(h -> h.parts.stream()).toList()));
            outside = Math.max(0, w.blockArea - area.area(zones));
            if (outside <= NOISE_M2) {
                outside = 0;
            }
        }
        w.outside = outside;
        w.total = w.blockArea - outside;
        w.conflictArea = outside > tol ? outside : 0;
        w.conflictCount = outside > tol ? 1 : 0;
        w.verdict = outside > tol ? Verdict.CONFLICT : Verdict.CLEAR;
        if (wantOutside && outside > 0) {
            w.outsideGeometry = zones == null ? block.geometry() : Overlays.difference(block.geometry(), zones);
        }
        if (w.hits.isEmpty()) {
            w.summary = "the block lies outside every planned mining zone (" + LayerCode.PLANNED_ZONE.nameZh() + ")";
        } else if (outside > tol) {
            w.summary = String.format(Locale.ROOT, "%s (%.2f 亩, %.2f %%) of the block lies outside the planned mining zones",
                    m2(outside), OverlapReport.mu(outside), w.share(outside));
        } else if (outside > 0) {
            w.summary = String.format(Locale.ROOT, "inside the planned mining zones but for a sliver of %s, within the tolerance of %s",
                    m2(outside), m2(tol));
        } else {
            w.summary = "the block lies inside the planned mining zones";
        }
    }

    private static String summary(RuleWork w, double tol) {
        String what = switch (w.rule) {
            case RED_LINE -> "red-line area";
            case BASIC_FARMLAND -> "farmland patch";
            case MOUNTAIN_PROTECTION -> "protected mountain area";
            case OTHER_MINING_RIGHT -> "other block";
            case PLANNED_ZONE -> "planned zone";
        };
        String layer = w.rule.layer() == null ? "other registered blocks" : w.rule.layer().nameZh();
        if (w.hits.isEmpty()) {
            return "no overlap with " + layer;
        }
        int slivers = w.hits.size() - w.conflictCount;
        if (w.conflictCount == 0) {
            return String.format(Locale.ROOT, "no overlap with %s above the tolerance of %s; %d sliver%s (%s in all)", layer, m2(tol),
                    slivers, slivers == 1 ? "" : "s", m2(w.total));
        }
        String names = w.rule == OverlapRule.OTHER_MINING_RIGHT
                ? ": " + String.join(", ", w.hits.stream().filter(h -> h.area > tol).limit(5).map(h -> h.first.code()).toList()) : "";
        String counted = w.conflictCount == 1 ? what : what.endsWith("ch") ? what + "es" : what + "s";
        return String.format(Locale.ROOT, "overlaps %d %s of %s%s: %s (%.2f 亩, %.2f %% of the block)%s", w.conflictCount, counted,
                layer, names, m2(w.conflictArea), OverlapReport.mu(w.conflictArea), w.share(w.conflictArea),
                slivers > 0 ? String.format(Locale.ROOT, "; and %d sliver%s within the tolerance", slivers, slivers == 1 ? "" : "s") : "");
    }

    private static String m2(double v) {
        return String.format(Locale.ROOT, "%.2f m²", v);
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= SAME_AREA * Math.max(Math.abs(b), 1) + NOISE_M2;
    }

    /** The overlap geometry: whole pieces where inside, an overlay where across the boundary, merged per feature. */
    private static Geometry intersection(Hit h, Geometry block) {
        List<Geometry> parts = new ArrayList<>(h.parts.size());
        for (int i = 0; i < h.parts.size(); i++) {
            parts.add(h.partInside.get(i) ? h.parts.get(i) : Overlays.intersection(h.parts.get(i), block));
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        return Overlays.union(block.getFactory().buildGeometry(parts));
    }

    /** GeoJSON for every requested shape: one statement per shape for all blocks, rules and features. */
    private void renderGeometry(List<Map<OverlapRule, RuleWork>> work, OverlapService.CheckRequest request) {
        List<Hit> hits = new ArrayList<>();
        List<RuleWork> outside = new ArrayList<>();
        for (Map<OverlapRule, RuleWork> w : work) {
            for (RuleWork r : w.values()) {
                r.hits.stream().filter(h -> h.intersection != null).forEach(hits::add);
                if (r.outsideGeometry != null) {
                    outside.add(r);
                }
            }
        }
        for (OutputShape shape : request.intersections()) {
            List<GeoJson> json = repository.geoJson(hits.stream().map(h -> h.intersection).toList(), shape.crs(), shape.precision());
            for (int i = 0; i < hits.size(); i++) {
                Hit h = hits.get(i);
                h.geoJson = withEntry(h.geoJson, shape, json.get(i));
            }
        }
        for (OutputShape shape : request.outside()) {
            List<GeoJson> json = repository.geoJson(outside.stream().map(r -> r.outsideGeometry).toList(), shape.crs(), shape.precision());
            for (int i = 0; i < outside.size(); i++) {
                RuleWork r = outside.get(i);
                r.outsideJson = withEntry(r.outsideJson, shape, json.get(i));
            }
        }
    }

    private static Map<OutputShape, GeoJson> withEntry(Map<OutputShape, GeoJson> map, OutputShape key, GeoJson value) {
        Map<OutputShape, GeoJson> out = new HashMap<>(map);
        out.put(key, value);
        return out;
    }
}
