package zmd.registry.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.geo.GeometryInput;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelDraft;
import zmd.registry.reserve.DesignCapacity;
import zmd.registry.reserve.Reserve;

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
            registry.parcelEdits().create(Caller.SYSTEM, input(m, source));
            n++;
        }
        DemoLayers.load(registry);
        DemoAuction.load(registry);
        return n;
    }

    static ParcelDraft input(JsonNode m, String source) {
        int seq = m.get("seq").asInt();
        BigDecimal areaKm2 = m.get("area_km2").decimalValue();
        double[] centre = CENTRES[seq - 1];
        double[][] corners = SyntheticBlock.corners(centre[0], centre[1], areaKm2.movePointRight(6).doubleValue(), 2020L * 100 + seq);

        String basis = m.get("basis").asText().contains("踏勘") ? "RECONNAISSANCE" : "EXPLORED";
        String miningMethod = m.has("mining_method") ? (m.get("mining_method").asText().startsWith("露天") ? "OPEN_PIT" : "UNDERGROUND") : null;
        boolean elevation = m.has("elevation_top_m");
        BigDecimal top = elevation ? m.get("elevation_top_m").decimalValue() : null;
        BigDecimal bottom = elevation ? m.get("elevation_bottom_m").decimalValue() : null;
        BigDecimal serviceLife = m.has("service_life_years") ? m.get("service_life_years").decimalValue() : null;
        BigDecimal startPrice = m.has("start_price_wan_yuan") ? m.get("start_price_wan_yuan").decimalValue().movePointRight(4).setScale(2) : null;
        List<String> bodies = new ArrayList<>();
        m.get("responsible").forEach(b -> bodies.add(b.asText()));
        String conformity = m.has("plan_conformity") ? withoutGloss(m.get("plan_conformity").asText()) : null;
        Boolean clearOfRedLine = m.has("red_line_overlap") ? !m.get("red_line_overlap").asBoolean() : null;
        Boolean clearOfFarmland = m.has("basic_farmland_overlap") ? !m.get("basic_farmland_overlap").asBoolean() : null;
        // The document states none of the 11 is in the mountain-protection key list.
        boolean outsideMountainList = true;
        List<MineParcel.Milestone> milestones = new ArrayList<>();
        if (m.has("milestones")) {
            m.get("milestones").forEach(x -> milestones.add(new MineParcel.Milestone(LocalDate.parse(x.get("date").asText()), x.get("what").asText())));
        }
        String geometryNote = "synthetic: the source document publishes no boundary coordinates; drawn for demonstration with the stated area of "
                + areaKm2.toPlainString() + " km² in EPSG:4547";

        List<Reserve> reserves = new ArrayList<>();
        for (JsonNode r : m.get("reserves")) {
            reserves.add(new Reserve(r.get("mineral").asText(), r.hasNonNull("category") ? withoutGloss(r.get("category").asText()) : null,
                    r.get("quantity").decimalValue(), r.get("unit").asText(), r.hasNonNull("unit_note") ? withoutGloss(r.get("unit_note").asText()) : null,
                    r.hasNonNull("category_note") ? r.get("category_note").asText() : null));
        }
        List<DesignCapacity> capacities = new ArrayList<>();
        if (m.has("design_capacity")) {
            for (JsonNode c : m.get("design_capacity")) {
                capacities.add(new DesignCapacity(c.get("mineral").asText(), c.get("quantity_per_year").decimalValue(), c.get("unit").asText()));
            }
        }
        return new ParcelDraft(code(seq), m.get("name").asText(), m.get("county").asText(), "PLANNED", basis, miningMethod, top, bottom,
                serviceLife, startPrice, LocalDate.parse(m.get("planned_listing").asText() + "-01"), source, bodies,
                m.has("geology") ? m.get("geology").asText() : null, conformity, clearOfRedLine, clearOfFarmland, outsideMountainList, milestones,
                new GeometryInput(null, SyntheticBlock.wkt4547(corners), null, null), geometryNote, reserves, capacities);
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
