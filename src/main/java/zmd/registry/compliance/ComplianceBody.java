package zmd.registry.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.Polygon;
import zmd.registry.geo.CornerPointTable;
import zmd.registry.protection.LayerDataset;
import zmd.registry.protection.OverlapReport;
import zmd.registry.protection.OverlapRule;

/**
 * The signed body of a compliance report (合规审查报告), built from a {@link ComplianceInput} only. No clock is read:
 * the time a report was generated is kept beside the body (stored row, file envelope, PDF), so the same block version,
 * instant and datasets give the same bytes. Areas are m² to 0.01 and 亩 to 0.0001, shares percent to 0.01,
 * coordinates EPSG:4547 metres to 0.01 (X northing, Y easting in the corner-point table), all as decimal strings.
 */
public final class ComplianceBody {
    public static final String FORMAT = "zmd-registry/compliance-report/v1";
    public static final String TITLE = "矿业权出让合规审查报告";
    /** The checker's version: the application's, from the build (src/main/resources-filtered). */
    public static final String CHECKER_VERSION = checkerVersion();
    static final int M2_SCALE = 2;
    static final int MU_SCALE = 4;
    static final int COORD_SCALE = 2;

    private ComplianceBody() {
    }

    /** The requirement of each rule as the 2020 plan states it (the fifth is every mining cadastre's). */
    public static String requirementZh(OverlapRule rule) {
        return switch (rule) {
            case RED_LINE -> "不重叠生态保护红线";
            case BASIC_FARMLAND -> "不重叠永久基本农田";
            case MOUNTAIN_PROTECTION -> "不在山体保护重点保护名录范围内";
            case OTHER_MINING_RIGHT -> "不与其他矿业权范围重叠";
            case PLANNED_ZONE -> "位于规划开采区内";
        };
    }

    static String requirementEn(OverlapRule rule) {
        return switch (rule) {
            case RED_LINE -> "does not overlap the ecological protection red line";
            case BASIC_FARMLAND -> "does not overlap permanent basic farmland";
            case MOUNTAIN_PROTECTION -> "is not in the key protection list of the Mountain Protection Regulation";
            case OTHER_MINING_RIGHT -> "does not overlap another registered mining right";
            case PLANNED_ZONE -> "lies inside a planned mining zone of the mineral-resources master plan";
        };
    }

    /** The map figure's extent: the block's box grown by a fifth of its larger side on every side. */
    public static Envelope frame(Geometry block) {
        Envelope e = new Envelope(block.getEnvelopeInternal());
        double margin = Math.max(Math.max(e.getWidth(), e.getHeight()) * 0.2, 50);
        e.expandBy(margin);
        return e;
    }

    /** The body as maps and lists, to be written by {@link CanonicalJson}. */
    public static Map<String, Object> of(ComplianceInput in) {
        OverlapReport overlap = in.overlap();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", FORMAT);
        body.put("title", TITLE);
        body.put("asOf", in.asOf() == null ? null : in.asOf().toString());
        body.put("checker", Map.of("application", "zmd mining-rights registry (驻马店市矿业权登记)", "version", CHECKER_VERSION,
                "method", "overlap check of every rule in EPSG:4547 (protection.OverlapService)"));
        body.put("block", block(in));
        body.put("toleranceM2", CanonicalJson.decimal(overlap.toleranceM2(), M2_SCALE));
        body.put("verdict", overlap.verdict().name());
        List<Object> rules = new ArrayList<>();
        for (OverlapReport.RuleResult r : overlap.rules()) {
            rules.add(rule(r, in));
        }
        body.put("rules", rules);
        Envelope f = frame(in.blockGeometry());
        body.put("map", Map.of("srid", 4547, "frame", List.of(c(f.getMinX()), c(f.getMinY()), c(f.getMaxX()), c(f.getMaxY()))));
        body.put("units", Map.of(
                "area", "m² rounded half-up to 0.01; 亩 to 0.0001 (1 亩 = 10000/15 m²); computed in EPSG:4547",
                "share", "percent of the block's area, to 0.01",
                "coordinates", "EPSG:4547 (CGCS2000 / 3-degree Gauss-Krüger CM 114E) metres to 0.01; corner points X = northing, Y = easting;"
                        + " map geometry [easting, northing]"));
        return body;
    }

    private static Map<String, Object> block(ComplianceInput in) {
        var p = in.block();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", p.id().toString());
        b.put("code", p.code());
        b.put("name", p.name());
        b.put("county", Map.of("code", in.county().code(), "name", in.county().name()));
        b.put("status", p.status());
        b.put("version", p.version());
        b.put("updatedAt", p.updatedAt().toInstant().toString());
        double area = in.overlap().blockAreaM2();
        b.put("areaM2", CanonicalJson.decimal(area, M2_SCALE));
        b.put("areaMu", mu(area));
        CornerPointTable table = CornerPointTable.of(in.blockGeometry(), false, COORD_SCALE);
        List<Object> rings = new ArrayList<>();
        for (CornerPointTable.Ring r : table.rings()) {
            rings.add(Map.of("part", r.part(), "hole", r.hole(), "points", r.points().stream()
                    .map(pt -> Map.of("no", pt.no(), "x", pt.x().toPlainString(), "y", pt.y().toPlainString())).toList()));
        }
        b.put("cornerPoints", Map.of("srid", table.srid(), "zonePrefixed", false, "rings", rings));
        return b;
    }

    private static Map<String, Object> rule(OverlapReport.RuleResult r, ComplianceInput in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", r.rule().name());
        m.put("requirement", requirementZh(r.rule()));
        m.put("requirementEn", requirementEn(r.rule()));
        m.put("verdict", r.verdict().name());
        m.put("summary", r.summary());
        m.put("layer", r.rule().layer() == null ? null : Map.of("code", r.rule().layer().name(), "nameZh", r.rule().layer().nameZh()));
        m.put("dataset", dataset(r.dataset()));
        m.put("featureCount", r.featureCount());
        m.put("conflictCount", r.conflictCount());
        m.put("overlapAreaM2", CanonicalJson.decimal(r.totalAreaM2(), M2_SCALE));
        m.put("overlapAreaMu", mu(r.totalAreaM2()));
        m.put("overlapSharePercent", CanonicalJson.decimal(r.totalSharePercent(), 2));
        m.put("conflictAreaM2", CanonicalJson.decimal(r.conflictAreaM2(), M2_SCALE));
        m.put("conflictAreaMu", mu(r.conflictAreaM2()));
        double block = in.overlap().blockAreaM2();
        m.put("conflictSharePercent", CanonicalJson.decimal(block > 0 ? r.conflictAreaM2() / block * 100 : 0, 2));
        m.put("outsideAreaM2", r.outsideAreaM2() == null ? null : CanonicalJson.decimal(r.outsideAreaM2(), M2_SCALE));
        m.put("outsideAreaMu", r.outsideAreaM2() == null ? null : mu(r.outsideAreaM2()));
        m.put("outsideSharePercent", r.outsideSharePercent() == null ? null : CanonicalJson.decimal(r.outsideSharePercent(), 2));
        Map<String, Geometry> shapes = new LinkedHashMap<>();
        in.mapFeatures().stream().filter(f -> f.rule() == r.rule()).forEach(f -> shapes.put(f.featureId(), f.inFrame()));
        // By id: the check's own order follows areas, which a recomputation may tie differently.
        m.put("features", r.features().stream().sorted(Comparator.comparing(OverlapReport.OverlapFeature::id))
                .map(f -> feature(f, shapes.get(f.id()))).toList());
        return m;
    }

    private static Map<String, Object> dataset(LayerDataset d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("layer", d.layer().name());
        m.put("name", d.name());
        m.put("version", d.version());
        m.put("source", d.source());
        m.put("importedAt", d.importedAt().toInstant().toString());
        m.put("featureCount", d.featureCount());
        return m;
    }

    private static Map<String, Object> feature(OverlapReport.OverlapFeature f, Geometry inFrame) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("sourceId", f.sourceId());
        m.put("code", f.code());
        m.put("name", f.name());
        m.put("kind", f.kind());
        m.put("featureAreaM2", CanonicalJson.decimal(f.featureAreaM2(), M2_SCALE));
        m.put("areaM2", CanonicalJson.decimal(f.areaM2(), M2_SCALE));
        m.put("areaMu", mu(f.areaM2()));
        m.put("sharePercent", CanonicalJson.decimal(f.sharePercent(), 2));
        m.put("sliver", f.sliver());
        m.put("whollyInside", f.whollyInside());
        m.put("inFrame", inFrame == null ? null : polygons(inFrame));
        return m;
    }

    /** Polygons as rings of [easting, northing] decimal strings, closed; lines and points a cut leaves are dropped. */
    static List<Object> polygons(Geometry g) {
        List<Object> out = new ArrayList<>();
        collect(g, out);
        return out;
    }

    private static void collect(Geometry g, List<Object> out) {
        if (g instanceof Polygon p) {
            if (!p.isEmpty()) {
                List<Object> rings = new ArrayList<>();
                rings.add(ring(p.getExteriorRing().getCoordinates()));
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    rings.add(ring(p.getInteriorRingN(h).getCoordinates()));
                }
                out.add(rings);
            }
        } else if (g instanceof GeometryCollection) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                collect(g.getGeometryN(i), out);
            }
        }
    }

    private static List<Object> ring(Coordinate[] coords) {
        List<Object> r = new ArrayList<>(coords.length);
        for (Coordinate c : coords) {
            r.add(List.of(c(c.x), c(c.y)));
        }
        return r;
    }

    private static String c(double v) {
        return CanonicalJson.decimal(v, COORD_SCALE);
    }

    static String mu(double m2) {
        return CanonicalJson.decimal(m2 * 15 / 10_000, MU_SCALE);
    }

    private static String checkerVersion() {
        try (InputStream in = ComplianceBody.class.getResourceAsStream("/zmd/registry/compliance/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
