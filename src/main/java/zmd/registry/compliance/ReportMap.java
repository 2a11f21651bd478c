package zmd.registry.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;

/**
 * The report's map figure, from the signed body alone: the block (its corner points) and the features each rule met,
 * cut to the frame, drawn to scale in EPSG:4547 metres with the Gauss–Krüger grid labelled as staff read it
 * (X northing, Y easting), a scale bar of a round length and a north arrow. Grid north is up: in zone 38 it is
 * within 1° of true north.
 */
final class ReportMap {
    /** The block's fill; the PDF test looks for it in the figure. */
    static final Color BLOCK_FILL = new Color(0x5b, 0x8d, 0xef);
    static final Color BLOCK_LINE = new Color(0x0d, 0x2f, 0x7a);
    private static final Color GRID = new Color(0xd5, 0xd9, 0xde);
    private static final Map<String, Color> LAYER_COLORS = new LinkedHashMap<>();

    static {
        LAYER_COLORS.put("PLANNED_ZONE", new Color(0x3f, 0xa3, 0x4d));
        LAYER_COLORS.put("BASIC_FARMLAND", new Color(0xe0, 0xa1, 0x00));
        LAYER_COLORS.put("MOUNTAIN_PROTECTION", new Color(0x8e, 0x5a, 0x2b));
        LAYER_COLORS.put("RED_LINE", new Color(0xd6, 0x27, 0x28));
        LAYER_COLORS.put("OTHER_MINING_RIGHT", new Color(0x7b, 0x3f, 0xb0));
    }

    private final PdfPages pages;
    private final PDPageContentStream cs;
    private final double minE;
    private final double minN;
    private final float x0;
    private final float y0;
    private final float scale;

    /** Fits the body's frame into the box (x, y, w, h), centred, one scale for both axes. */
    private ReportMap(PdfPages pages, JsonNode frame, float x, float y, float w, float h) {
        this.pages = pages;
        this.cs = pages.cs;
        double e0 = frame.get(0).asDouble();
        double n0 = frame.get(1).asDouble();
        double e1 = frame.get(2).asDouble();
        double n1 = frame.get(3).asDouble();
        this.scale = (float) Math.min(w / (e1 - e0), h / (n1 - n0));
        double spanE = w / scale;
        double spanN = h / scale;
        this.minE = (e0 + e1) / 2 - spanE / 2;
        this.minN = (n0 + n1) / 2 - spanN / 2;
        this.x0 = x;
        this.y0 = y;
    }

    /** Draws the figure into the box, its grid labels around it and its legend under it. */
    static void draw(PdfPages pages, JsonNode body, float x, float y, float w, float h) throws IOException {
        new ReportMap(pages, body.at("/map/frame"), x, y, w, h).draw(body, w, h);
    }

    private void draw(JsonNode body, float w, float h) throws IOException {
        cs.saveGraphicsState();
        cs.addRect(x0, y0, w, h);
        cs.clip();
        pages.fillRect(x0, y0, w, h, Color.WHITE);
        double step = niceStep((w / scale) / 5);
        grid(step, w, h);
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, Color> layer : LAYER_COLORS.entrySet()) {
            for (JsonNode rule : body.get("rules")) {
                if (rule.get("rule").asText().equals(layer.getKey())) {
                    boolean any = false;
                    for (JsonNode f : rule.get("features")) {
                        if (f.hasNonNull("inFrame")) {
                            boolean zone = layer.getKey().equals("PLANNED_ZONE");
                            polygons(f.get("inFrame"), layer.getValue(), zone ? 0.18f : 0.45f, zone);
                            any = true;
                        }
                    }
                    if (any) {
                        shown.add(layer.getKey());
                    }
                }
            }
            if (layer.getKey().equals("PLANNED_ZONE")) {
                block(body.at("/block/cornerPoints/rings"), true);
            }
        }
        block(body.at("/block/cornerPoints/rings"), false);
        cs.restoreGraphicsState();
        gridLabels(step, w, h);
        cs.setStrokingColor(PdfPages.MUTED);
        cs.setLineWidth(0.8f);
        cs.addRect(x0, y0, w, h);
        cs.stroke();
        scaleBar(w);
        northArrow(w, h);
        legend(shown, body, w);
    }

    private float px(double e) {
        return x0 + (float) ((e - minE) * scale);
    }

    private float py(double n) {
        return y0 + (float) ((n - minN) * scale);
    }

    /** 1, 2 or 5 times a power of ten, the first not below {@code at}. */
    static double niceStep(double at) {
        double p = Math.pow(10, Math.floor(Math.log10(at)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= at) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private void grid(double step, float w, float h) throws IOException {
        cs.setLineDashPattern(new float[] {2, 2}, 0);
        for (double e = Math.ceil(minE / step) * step; e < minE + w / scale; e += step) {
            pages.line(px(e), y0, px(e), y0 + h, GRID, 0.5f);
        }
        for (double n = Math.ceil(minN / step) * step; n < minN + h / scale; n += step) {
            pages.line(x0, py(n), x0 + w, py(n), GRID, 0.5f);
        }
        cs.setLineDashPattern(new float[] {}, 0);
    }

    /** Y (easting) under the frame, X (northing) left of it, in whole metres. */
    private void gridLabels(double step, float w, float h) throws IOException {
        for (double e = Math.ceil(minE / step) * step; e < minE + w / scale; e += step) {
            String label = String.format(Locale.ROOT, "Y=%.0f", e);
            float lw = pages.width(label, 6.5f);
            if (px(e) - lw / 2 > x0 && px(e) + lw / 2 < x0 + w) {
                pages.text(px(e) - lw / 2, y0 - 9, 6.5f, PdfPages.MUTED, label);
            }
        }
        for (double n = Math.ceil(minN / step) * step; n < minN + h / scale; n += step) {
            if (py(n) > y0 + 4 && py(n) < y0 + h - 4) {
                cs.saveGraphicsState();
                cs.transform(new org.apache.pdfbox.util.Matrix(0, 1, -1, 0, x0 - 4, py(n)));
                String label = String.format(Locale.ROOT, "X=%.0f", n);
                pages.text(-pages.width(label, 6.5f) / 2, 0, 6.5f, PdfPages.MUTED, label);
                cs.restoreGraphicsState();
            }
        }
    }

    /** The block from its corner-point table: filled (under the features) or outlined with numbered corners. */
    private void block(JsonNode rings, boolean fill) throws IOException {
        for (JsonNode ring : rings) {
            JsonNode points = ring.get("points");
            for (int i = 0; i < points.size(); i++) {
                float x = px(points.get(i).get("y").asDouble());
                float y = py(points.get(i).get("x").asDouble());
                if (i == 0) {
                    cs.moveTo(x, y);
                } else {
                    cs.lineTo(x, y);
                }
            }
            cs.closePath();
        }
        if (fill) {
            alpha(0.30f);
            cs.setNonStrokingColor(BLOCK_FILL);
            cs.fillEvenOdd();
            alpha(1f);
            return;
        }
        cs.setStrokingColor(BLOCK_LINE);
        cs.setLineWidth(1.6f);
        cs.stroke();
        int count = 0;
        for (JsonNode ring : rings) {
            count += ring.get("points").size();
        }
        for (JsonNode ring : rings) {
            for (JsonNode p : ring.get("points")) {
                float x = px(p.get("y").asDouble());
                float y = py(p.get("x").asDouble());
                pages.fillRect(x - 1.6f, y - 1.6f, 3.2f, 3.2f, BLOCK_LINE);
                if (count <= 40) {
                    pages.text(x + 2.5f, y + 2.5f, 6.5f, BLOCK_LINE, p.get("no").asText());
                }
            }
        }
    }

    /** [[[ [e, n], … ], hole…], …] filled even-odd (holes stay open) and outlined; planned zones dashed. */
    private void polygons(JsonNode polygons, Color color, float fillAlpha, boolean dashed) throws IOException {
        for (JsonNode polygon : polygons) {
            for (JsonNode ring : polygon) {
                for (int i = 0; i < ring.size(); i++) {
                    float x = px(ring.get(i).get(0).asDouble());
                    float y = py(ring.get(i).get(1).asDouble());
                    if (i == 0) {
                        cs.moveTo(x, y);
                    } else {
                        cs.lineTo(x, y);
                    }
                }
                cs.closePath();
            }
        }
        alpha(fillAlpha);
        cs.setNonStrokingColor(color);
        cs.setStrokingColor(color.darker());
        cs.setLineWidth(0.9f);
        cs.setLineDashPattern(dashed ? new float[] {3, 2} : new float[] {}, 0);
        cs.fillAndStrokeEvenOdd();
        cs.setLineDashPattern(new float[] {}, 0);
        alpha(1f);
    }

    private void alpha(float a) throws IOException {
        PDExtendedGraphicsState gs = new PDExtendedGraphicsState();
        gs.setNonStrokingAlphaConstant(a);
        cs.setGraphicsStateParameters(gs);
    }

    /** A bar of a round length near a quarter of the figure, in four black and white parts. */
    private void scaleBar(float w) throws IOException {
        double metres = niceStep((w / scale) / 5);
        float len = (float) (metres * scale);
        float x = x0 + 10;
        float y = y0 + 12;
        pages.fillRect(x - 4, y - 4, len + 36, 20, Color.WHITE);
        for (int i = 0; i < 4; i++) {
            pages.fillRect(x + i * len / 4, y, len / 4, 3.5f, i % 2 == 0 ? PdfPages.INK : Color.WHITE);
        }
        cs.setStrokingColor(PdfPages.INK);
        cs.setLineWidth(0.5f);
        cs.addRect(x, y, len, 3.5f);
        cs.stroke();
        pages.text(x - 2, y + 6, 6.5f, PdfPages.INK, "0");
        String label = String.format(Locale.ROOT, "%.0f m", metres);
        pages.text(x + len - pages.width(label, 6.5f) / 2 + 6, y + 6, 6.5f, PdfPages.INK, label);
    }

    private void northArrow(float w, float h) throws IOException {
        float cx = x0 + w - 20;
        float top = y0 + h - 12;
        cs.setNonStrokingColor(PdfPages.INK);
        cs.moveTo(cx, top);
        cs.lineTo(cx - 6, top - 22);
        cs.lineTo(cx, top - 16);
        cs.closePath();
        cs.fill();
        cs.setStrokingColor(PdfPages.INK);
        cs.setLineWidth(0.7f);
        cs.moveTo(cx, top);
        cs.lineTo(cx + 6, top - 22);
        cs.lineTo(cx, top - 16);
        cs.closePath();
        cs.stroke();
        pages.text(cx - pages.width("N", 8) / 2, top - 32, 8, PdfPages.INK, "N", true);
    }

    /** Swatches under the figure: the block, then each layer drawn. */
    private void legend(List<String> shown, JsonNode body, float w) throws IOException {
        float x = x0;
        float y = y0 - 24;
        x = swatch(x, y, BLOCK_FILL, "矿区范围 " + body.at("/block/code").asText());
        for (String layer : shown) {
            String name = layer.equals("OTHER_MINING_RIGHT") ? "其他矿业权" : layerName(body, layer);
            x = swatch(x, y, LAYER_COLORS.get(layer), name);
        }
        double ratio = 1 / (scale / 72 * 0.0254);
        String s = String.format(Locale.ROOT, "比例尺 1:%,d（A4 打印）", Math.round(ratio / 100) * 100);
        pages.text(x0 + w - pages.width(s, 7), y, 7, PdfPages.MUTED, s);
    }

    private float swatch(float x, float y, Color color, String label) throws IOException {
        alpha(0.6f);
        pages.fillRect(x, y - 1, 12, 7, color);
        alpha(1f);
        cs.setStrokingColor(color.darker());
        cs.setLineWidth(0.6f);
        cs.addRect(x, y - 1, 12, 7);
        cs.stroke();
        pages.text(x + 15, y, 7, PdfPages.INK, label);
        return x + 15 + pages.width(label, 7) + 12;
    }

    private static String layerName(JsonNode body, String layer) {
        for (JsonNode rule : body.get("rules")) {
            if (rule.get("rule").asText().equals(layer) && rule.hasNonNull("layer")) {
                return rule.at("/layer/nameZh").asText();
            }
        }
        return layer;
    }
}
