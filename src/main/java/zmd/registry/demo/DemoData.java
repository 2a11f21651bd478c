package zmd.registry.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zmd.registry.Registry;
import zmd.registry.access.Caller;

/**
 * The 11 mining rights of the 2020 plan (驻政办〔2020〕36号), registered through the same service and
 * validation as staff input, and synthetic protected layers around them ({@link DemoLayers}). Geometry is
 * synthetic and labelled so. Then demo base prices and the 11 listings ({@link DemoAuction}), announced
 * through the real overlap gate.
 */
public final class DemoData {
    public static final String RESOURCE = "/demo/zhumadian-2020-mining-rights.json";

    /** Block centres in EPSG:4547 (easting, northing): 1-7 in 泌阳县's hills, 8-11 near 确山县's planned zone. */
    private static final double[][] CENTRES = {
            {440_000, 3_625_000}, {447_000, 3_625_000}, {454_000, 3_625_000}, {440_000, 3_632_000},
            {447_000, 3_632_000}, {454_000, 3_632_000}, {447_000, 3_618_000},
            {495_000, 3_612_000}, {499_000, 3_612_000}, {495_000, 3_616_000}, {499_000, 3_616_000}};

    private DemoData() {
    }

    public static String code(int seq) {
        return String.format("ZMD-2020-%02d", seq);
    }

    public static int load(Registry registry) {
        JsonNode root = read();
        String source = root.at("/source/issued_as").asText() + " " + root.at("/source/document").asText();
        int n = 0;
        for (JsonNode m : root.get("mining_rights")) {
            registry.parcels().create(Caller.SYSTEM, input(m, source));
            n++;
        }
        DemoLayers.load(registry);
        DemoAuction.load(registry);
        return n;
    }

    static Map<String, Object> input(JsonNode m, String source) {
        int seq = m.get("seq").asInt();
        BigDecimal areaKm2 = m.get("area_km2").decimalValue();
        double[] centre = CENTRES[seq - 1];
        double[][] corners = SyntheticBlock.corners(centre[0], centre[1], areaKm2.movePointRight(6).doubleValue(), 2020L * 100 + seq);

        Map<String, Object> in = new HashMap<>();
        in.put("code", code(seq));
        in.put("name", m.get("name").asText());
        in.put("county", m.get("county").asText());
        in.put("status", "PLANNED");
        in.put("basis", m.get("basis").asText().contains("踏勘") ? "RECONNAISSANCE" : "EXPLORED");
        if (m.has("mining_method")) {
            in.put("miningMethod", m.get("mining_method").asText().startsWith("露天") ? "OPEN_PIT" : "UNDERGROUND");
        }
        if (m.has("elevation_top_m")) {
            in.put("elevationTopM", m.get("elevation_top_m").decimalValue());
            in.put("elevationBottomM", m.get("elevation_bottom_m").decimalValue());
        }
        if (m.has("service_life_years")) {
            in.put("serviceLifeYears", m.get("service_life_years").decimalValue());
        }
        if (m.has("start_price_wan_yuan")) {
            in.put("plannedStartPriceYuan", m.get("start_price_wan_yuan").decimalValue().movePointRight(4).setScale(2));
        }
        in.put("plannedListing", LocalDate.parse(m.get("planned_listing").asText() + "-01"));
        in.put("sourceDocument", source);
        List<String> bodies = new ArrayList<>();
        m.get("responsible").forEach(b -> bodies.add(b.asText()));
        in.put("responsibleBodies", bodies);
        if (m.has("geology")) {
            in.put("geology", m.get("geology").asText());
        }
        if (m.has("plan_conformity")) {
            in.put("planConformityStatement", withoutGloss(m.get("plan_conformity").asText()));
        }
        if (m.has("red_line_overlap")) {
            in.put("statedClearOfRedLine", !m.get("red_line_overlap").asBoolean());
        }
        if (m.has("basic_farmland_overlap")) {
            in.put("statedClearOfBasicFarmland", !m.get("basic_farmland_overlap").asBoolean());
        }
        // The document states none of the 11 is in the mountain-protection key list.
        in.put("statedOutsideMountainList", true);
        List<Map<String, Object>> milestones = new ArrayList<>();
        if (m.has("milestones")) {
            m.get("milestones").forEach(x -> milestones.add(Map.of("date", LocalDate.parse(x.get("date").asText()), "what", x.get("what").asText())));
        }
        in.put("milestones", milestones);
        in.put("geometry", Map.of("wkt", SyntheticBlock.wkt4547(corners)));
        in.put("geometryNote", "synthetic: the source document publishes no boundary coordinates; drawn for demonstration with the stated area of "
                + areaKm2.toPlainString() + " km² in EPSG:4547");

        List<Map<String, Object>> reserves = new ArrayList<>();
        for (JsonNode r : m.get("reserves")) {
            Map<String, Object> reserve = new HashMap<>();
            reserve.put("mineral", r.get("mineral").asText());
            reserve.put("quantity", r.get("quantity").decimalValue());
            reserve.put("unit", r.get("unit").asText());
            if (r.hasNonNull("category")) {
                reserve.put("category", withoutGloss(r.get("category").asText()));
            }
            if (r.hasNonNull("unit_note")) {
                reserve.put("unitNote", withoutGloss(r.get("unit_note").asText()));
            }
            if (r.hasNonNull("category_note")) {
                reserve.put("categoryNote", r.get("category_note").asText());
            }
            reserves.add(reserve);
        }
        in.put("reserves", reserves);
        List<Map<String, Object>> capacities = new ArrayList<>();
        if (m.has("design_capacity")) {
            for (JsonNode c : m.get("design_capacity")) {
                capacities.add(Map.of("mineral", c.get("mineral").asText(), "quantityPerYear", c.get("quantity_per_year").decimalValue(),
                        "unit", c.get("unit").asText()));
            }
        }
        in.put("designCapacities", capacities);
        return in;
    }

    /** Drops the transcriber's English gloss: "荒料 (dimension-stone blocks)" is written 荒料 in the document. */
    static String withoutGloss(String s) {
        return s.replaceAll("\\s*\\([A-Za-z][^)]*\\)\\s*$", "").strip();
    }

    static JsonNode read() {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
