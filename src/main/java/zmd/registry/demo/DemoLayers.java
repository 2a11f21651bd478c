package zmd.registry.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.protection.ImportRequest;
import zmd.registry.protection.ImportResult;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.LayerImporter;

/**
 * Synthetic protected layers around the demo blocks, consistent with what the 2020 plan states: blocks
 * 4–7 clear of red line and farmland, none of the 11 in the mountain list, blocks 8–11 inside a planned
 * zone of 确山县. The plan says nothing about blocks 1–3; a block is only offered after these checks, so the
 * demo keeps them clear too and inside a planned zone of 泌阳县 (like 4–7, whose conformity it states).
 * Everything is drawn in EPSG:4547, loaded through the same import as real data, and labelled synthetic.
 * {@link #PROPOSED_BLOCK_WKT} is a proposed (unregistered) block that overlaps both red line and farmland.
 */
public final class DemoLayers {
    public static final String VERSION = "demo-1";
    public static final String SOURCE = "synthetic: drawn for demonstration around the demo blocks of the 2020 plan; not real data";

    /**
     * A proposed block, not registered, 1 600 m x 1 200 m: it covers 18 farmland patches of field A (14 whole,
     * 4 cut), 374 400 m² in all, and part of red line DEMO-HX-01; it lies inside planned zone DEMO-BY-1.
     */
    public static final String PROPOSED_BLOCK_WKT =
            "SRID=4547;POLYGON((449600 3627800, 451200 3627800, 451200 3629000, 449600 3629000, 449600 3627800))";
    /** Farmland of field A inside {@link #PROPOSED_BLOCK_WKT}, m² (two columns of 180 m by 1 040 m). */
    public static final double PROPOSED_BLOCK_FARMLAND_M2 = 2 * 180 * 1040;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoLayers() {
    }

    /** Imports each demo layer whose layer has no dataset yet (never over real data); returns the layers loaded. */
    public static List<LayerCode> load(Registry registry) {
        var current = registry.overlaps().layers(Caller.SYSTEM);
        List<LayerCode> loaded = new ArrayList<>();
        for (var layer : current) {
            if (layer.current() != null) {
                continue;
            }
            String geojson = featureCollection(layer.code());
            ImportRequest request = new ImportRequest(layer.code(), "演示 synthetic demo: " + layer.code().nameZh(), VERSION, SOURCE, 4547, false);
            ImportResult result = registry.importer().importFrom(Caller.SYSTEM, request,
                    LayerImporter.Source.of(geojson.getBytes(StandardCharsets.UTF_8)), n -> { });
            if (result.status() != ImportResult.Status.IMPORTED) {
                throw new IllegalStateException("demo layer " + layer.code() + " was rejected: " + result.message() + " " + result.problems());
            }
            loaded.add(layer.code());
        }
        return loaded;
    }

    static String featureCollection(LayerCode layer) {
        ObjectNode fc = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        switch (layer) {
            case RED_LINE -> {
                // A forest reserve north-east of the proposed block with a wavy edge of 2 000 vertices
                // (so checks go through its subdivided pieces), and two simpler areas away from every block.
                add(features, Map.of("code", "DEMO-HX-01", "name", "演示生态保护红线一 (synthetic)", "category", "水源涵养"),
                        ring(wavyCircle(451_500, 3_629_200, 800, 40, 12, 2000)));
                add(features, Map.of("code", "DEMO-HX-02", "name", "演示生态保护红线二 (synthetic)", "category", "生物多样性维护"),
                        ring(rect(501_500, 3_611_000, 503_500, 3_617_000)));
                add(features, Map.of("code", "DEMO-HX-03", "name", "演示生态保护红线三 (synthetic)", "category", "水土保持"),
                        ring(wavyCircle(436_500, 3_619_000, 900, 0, 1, 64)));
            }
            case BASIC_FARMLAND -> {
                // Fields of patches 180 m x 130 m with 20 m roads between them, in the valleys between blocks.
                field(features, "A", "411726", 443_000, 3_627_000, 35, 23, false);
                field(features, "B", "411725", 494_000, 3_609_000, 30, 10, false);
                field(features, "C", "411726", 441_000, 3_616_000, 15, 20, true);
            }
            case MOUNTAIN_PROTECTION -> {
                add(features, Map.of("name", "演示山体一 (synthetic)"), ring(wavyCircle(436_000, 3_628_000, 1200, 60, 7, 180)));
                add(features, Map.of("name", "演示山体二 (synthetic)"), ring(wavyCircle(458_500, 3_621_000, 1500, 80, 5, 180)));
            }
            case PLANNED_ZONE -> {
                String biyang = "泌阳县矿产资源总体规划 (synthetic demo)";
                String queshan = "确山县矿产资源总体规划 (synthetic demo)";
                add(features, Map.of("zone_code", "DEMO-BY-1", "plan_name", biyang, "plan_period", "2016-2020"),
                        ring(rect(437_500, 3_622_500, 456_000, 3_629_500)));
                add(features, Map.of("zone_code", "DEMO-BY-2", "plan_name", biyang, "plan_period", "2016-2020"),
                        ring(rect(438_500, 3_630_000, 456_000, 3_634_500)));
                add(features, Map.of("zone_code", "DEMO-BY-3", "plan_name", biyang, "plan_period", "2016-2020"),
                        ring(rect(445_000, 3_616_000, 449_000, 3_620_000)));
                add(features, Map.of("zone_code", "DEMO-QS-1", "plan_name", queshan, "plan_period", "2016-2020"),
                        ring(rect(493_000, 3_610_000, 501_000, 3_618_000)));
            }
        }
        return fc.toString();
    }

    private static void field(ArrayNode features, String name, String county, double x0, double y0, int cols, int rows, boolean ponds) {
        String[] classes = {"0101", "0102", "0103"};
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                n++;
                double x = x0 + c * 200;
                double y = y0 + r * 150;
                List<double[][]> rings = new ArrayList<>();
                rings.add(rect(x, y, x + 180, y + 130));
                if (ponds && n % 7 == 0) {
                    // A farm pond: a hole, not farmland.
                    rings.add(rect(x + 60, y + 40, x + 100, y + 70));
                }
                add(features, Map.of("patch_code", String.format("DEMO-JBNT-%s-%04d", name, n), "county_code", county,
                        "land_class", classes[(r + c) % 3]), rings);
            }
        }
    }

    private static void add(ArrayNode features, Map<String, String> properties, List<double[][]> rings) {
        ObjectNode f = features.addObject().put("type", "Feature");
        ObjectNode props = f.putObject("properties");
        properties.forEach(props::put);
        ObjectNode geometry = f.putObject("geometry").put("type", "Polygon");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (double[][] ring : rings) {
            ArrayNode r = coordinates.addArray();
            for (double[] p : ring) {
                r.addArray().add(p[0]).add(p[1]);
            }
        }
    }

    private static List<double[][]> ring(double[][] ring) {
        return java.util.Collections.singletonList(ring);
    }

    /** A closed counter-clockwise rectangle. */
    private static double[][] rect(double x0, double y0, double x1, double y1) {
        return new double[][] {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    }

    /** A closed ring around a centre whose radius swings by {@code amplitude}, {@code waves} times round. */
    private static double[][] wavyCircle(double cx, double cy, double radius, double amplitude, int waves, int vertices) {
        double[][] ring = new double[vertices + 1][];
        for (int i = 0; i < vertices; i++) {
            double a = 2 * Math.PI * i / vertices;
            double r = radius + amplitude * Math.sin(waves * a);
            ring[i] = new double[] {Math.rint((cx + r * Math.cos(a)) * 1000) / 1000, Math.rint((cy + r * Math.sin(a)) * 1000) / 1000};
        }
        ring[vertices] = ring[0];
        return ring;
    }
}
