package zmd.registry.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/**
 * The printable report, drawn from the stored signed body (nothing is read again), with the body's SHA-256 and the
 * signature on it so that a printed copy can be checked against the JSON. The CJK font is embedded as a subset with
 * its ToUnicode map, so the text can be searched and copied. Not byte-reproducible (PDF ids, subset names); the JSON is.
 */
public final class ReportPdf {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '(UTC+8)'").withZone(ZoneId.of("Asia/Shanghai"));
    private static final Color CLEAR = new Color(0x1e, 0x7b, 0x34);
    private static final Color CONFLICT = new Color(0xc6, 0x28, 0x28);
    private static final Color NO_DATA = new Color(0xb2, 0x6a, 0x00);

    private final Path fontFile;

    /** @param fontFile a TrueType collection with CJK glyphs: WenQuanYi Zen Hei (Debian fonts-wqy-zenhei) by default */
    public ReportPdf(Path fontFile) {
        this.fontFile = fontFile;
    }

    public byte[] render(ComplianceRepository.Stored report) {
        if (!Files.isReadable(fontFile)) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "the PDF cannot be made on this server: its CJK font " + fontFile
                    + " is missing (install fonts-wqy-zenhei, or set REPORT_FONT); the report itself is at /reports/" + report.id() + ".json");
        }
        try (PDDocument doc = new PDDocument(); TrueTypeCollection fonts = new TrueTypeCollection(fontFile.toFile())) {
            JsonNode body = JSON.readTree(report.body());
            PdfPages pages = new PdfPages(doc, PDType0Font.load(doc, face(fonts), true));
            doc.getDocumentInformation().setTitle(ComplianceBody.TITLE + " " + body.at("/block/code").asText());
            doc.getDocumentInformation().setSubject("sha256 " + report.sha256());
            doc.getDocumentInformation().setCreator("zmd mining-rights registry " + body.at("/checker/version").asText());
            pages.newPage();
            firstPage(pages, body, report);
            details(pages, body);
            verification(pages, report);
            pages.close();
            footers(doc, pages, report);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot render report " + report.id() + " as PDF: " + e.getMessage(), e);
        }
    }

    private static TrueTypeFont face(TrueTypeCollection fonts) throws IOException {
        TrueTypeFont f = fonts.getFontByName("WenQuanYiZenHei");
        if (f != null) {
            return f;
        }
        TrueTypeFont[] first = new TrueTypeFont[1];
        fonts.processAllFonts(ttf -> {
            if (first[0] == null) {
                first[0] = ttf;
            }
        });
        return first[0];
    }

    private static void firstPage(PdfPages p, JsonNode body, ComplianceRepository.Stored report) throws IOException {
        p.fillRect(0, PdfPages.HEIGHT - 8, PdfPages.WIDTH, 8, PdfPages.ACCENT);
        p.y -= 14;
        p.text(PdfPages.MARGIN, p.y, 19, PdfPages.INK, ComplianceBody.TITLE, true);
        String verdict = body.get("verdict").asText();
        String badge = "审查结论：" + overall(verdict);
        float bw = p.width(badge, 11) + 18;
        p.fillRect(PdfPages.WIDTH - PdfPages.MARGIN - bw, p.y - 6, bw, 22, color(verdict));
        p.text(PdfPages.WIDTH - PdfPages.MARGIN - bw + 9, p.y, 11, Color.WHITE, badge, true);
        p.y -= 16;
        p.text(PdfPages.MARGIN, p.y, 8.5f, PdfPages.MUTED, "Compliance report of a mining-right block against the 2020 plan's conditions"
                + " · 报告编号 " + report.id());
        p.y -= 6;
        JsonNode b = body.get("block");
        String asOf = body.hasNonNull("asOf") ? TIME.format(Instant.parse(body.get("asOf").asText())) : "生成时的登记与数据集（当前）";
        List<List<String>> info = List.of(
                List.of("矿区编号", b.get("code").asText(), "矿区名称", b.get("name").asText()),
                List.of("所在县区", b.at("/county/name").asText() + "（" + b.at("/county/code").asText() + "）", "状态", status(b.get("status").asText())),
                List.of("矿区面积", b.get("areaM2").asText() + " m²（" + b.get("areaMu").asText() + " 亩）", "登记版本",
                        "第 " + b.get("version").asText() + " 版，更新于 " + TIME.format(Instant.parse(b.get("updatedAt").asText()))),
                List.of("审查时点", asOf, "面积容差", body.get("toleranceM2").asText() + " m²（小于容差的重叠记为碎屑，不作冲突）"),
                List.of("生成时间", TIME.format(report.createdAt().toInstant()) + "，" + report.createdBy(), "审查程序",
                        "版本 " + body.at("/checker/version").asText()));
        p.y -= 4;
        p.table(new float[] {0.12f, 0.38f, 0.12f, 0.38f}, List.of("项目", "内容", "项目", "内容"), info, 8.5f,
                (r, c) -> c % 2 == 0 ? PdfPages.MUTED : PdfPages.INK);
        p.heading("一、审查结论（驻政办〔2020〕36号所列出让条件）");
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode r : body.get("rules")) {
            JsonNode d = r.get("dataset");
            // The conflict: for the planned zones the part of the block outside them.
            String area = r.get("rule").asText().equals("PLANNED_ZONE") ? "区外 " + r.get("conflictAreaM2").asText() : r.get("conflictAreaM2").asText();
            String mu = r.get("conflictAreaMu").asText();
            String share = r.get("conflictSharePercent").asText();
            rows.add(List.of(String.valueOf(++n), r.get("requirement").asText(), verdictZh(r.get("verdict").asText()), area, mu, share + "%",
                    d == null || d.isNull() ? (r.hasNonNull("layer") ? "无现行数据集" : "矿业权登记库（本系统）")
                            : d.get("name").asText() + "，版本 " + d.get("version").asText() + "，数据集 #" + d.get("id").asText()));
        }
        List<JsonNode> ruleNodes = new ArrayList<>();
        body.get("rules").forEach(ruleNodes::add);
        p.table(new float[] {0.05f, 0.25f, 0.09f, 0.15f, 0.1f, 0.08f, 0.28f},
                List.of("序号", "审查项", "结论", "冲突面积 (m²)", "亩", "占比", "所用数据集（名称、版本、编号）"), rows, 8.5f,
                (r, c) -> c == 2 ? color(ruleNodes.get(r).get("verdict").asText()) : PdfPages.INK);
        p.heading("二、矿区范围与冲突要素示意图");
        float h = Math.min(p.y - PdfPages.BOTTOM - 46, 330);
        float w = PdfPages.WIDTH - 2 * PdfPages.MARGIN - 14;
        ReportMap.draw(p, body, PdfPages.MARGIN + 14, p.y - 6 - h, w, h);
        p.y -= h + 42;
        p.text(PdfPages.MARGIN, p.y, 7.5f, PdfPages.MUTED, "坐标系：CGCS2000 / 3° 高斯-克吕格 38 带（EPSG:4547，中央经线 114°E），单位 m；"
                + "X 为北坐标，Y 为东坐标（不含带号）；要素按图框裁切。");
    }

    private static void details(PdfPages p, JsonNode body) throws IOException {
        p.newPage();
        p.heading("三、各审查项说明及冲突要素");
        for (JsonNode r : body.get("rules")) {
            p.need(60);
            p.y -= 14;
            p.text(PdfPages.MARGIN, p.y, 9.5f, PdfPages.INK, r.get("requirement").asText() + " — " + verdictZh(r.get("verdict").asText()), true);
            p.paragraph(8, PdfPages.MUTED, r.get("summary").asText());
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode f : r.get("features")) {
                String label = f.hasNonNull("code") ? f.get("code").asText() : f.hasNonNull("sourceId") ? f.get("sourceId").asText() : "#" + f.get("id").asText();
                String name = (f.hasNonNull("name") ? f.get("name").asText() : "") + (f.hasNonNull("kind") ? " " + f.get("kind").asText() : "");
                String note = f.get("sliver").asBoolean() ? "碎屑（低于容差）" : f.get("whollyInside").asBoolean() ? "整体位于矿区内" : "";
                rows.add(List.of(label, name.strip(), f.get("areaM2").asText(), f.get("areaMu").asText(), f.get("sharePercent").asText() + "%", note));
            }
            if (!rows.isEmpty()) {
                p.y -= 3;
                String areaHeader = r.get("rule").asText().equals("PLANNED_ZONE") ? "区内面积 (m²)" : "重叠面积 (m²)";
                p.table(new float[] {0.2f, 0.24f, 0.15f, 0.12f, 0.09f, 0.2f}, List.of("要素编号", "名称 / 类型", areaHeader, "亩", "占比", "备注"),
                        rows, 8, null);
            }
        }
        p.heading("四、拐点坐标表（CGCS2000 高斯-克吕格 38 带，m）");
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (JsonNode ring : body.at("/block/cornerPoints/rings")) {
            String where = ring.get("hole").asBoolean() ? "（第" + ring.get("part").asText() + "块 内环）" : "（第" + ring.get("part").asText() + "块）";
            for (JsonNode pt : ring.get("points")) {
                row.addAll(List.of(pt.get("no").asText() + (pt == ring.get("points").get(0) ? where : ""), pt.get("x").asText(), pt.get("y").asText()));
                if (row.size() == 6) {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
        }
        if (!row.isEmpty()) {
            while (row.size() < 6) {
                row.add("");
            }
            rows.add(row);
        }
        p.table(new float[] {0.16f, 0.17f, 0.17f, 0.16f, 0.17f, 0.17f}, List.of("点号", "X", "Y", "点号", "X", "Y"), rows, 8, null);
    }

    private static void verification(PdfPages p, ComplianceRepository.Stored report) throws IOException {
        p.heading("五、电子签名与核验");
        p.paragraph(8.5f, PdfPages.INK, "本报告正文为规范化 JSON（键排序、无空白、面积等数值为定长小数字符串），以 Ed25519 签名。"
                + "同一矿区版本、同一审查时点与同一批数据集重新生成时，正文逐字节相同。");
        p.paragraph(8.5f, PdfPages.INK, "正文 SHA-256：" + report.sha256());
        p.paragraph(8.5f, PdfPages.INK, "签名（base64）：" + report.signature());
        p.paragraph(8.5f, PdfPages.INK, "签名公钥指纹（SHA-256）：" + report.keyFingerprint());
        p.paragraph(8.5f, PdfPages.MUTED, "核验：下载 /reports/" + report.id() + ".json，运行 java -jar registry.jar verify-report 文件名，"
                + "或以 GraphQL verifyComplianceReport 查询；公钥见 /reports/public-key。");
    }

    /** Every page: the digest a printed page can be matched with, and its number. */
    private static void footers(PDDocument doc, PdfPages p, ComplianceRepository.Stored report) throws IOException {
        int total = doc.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            PDPage page = doc.getPage(i);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                p.cs = cs;
                p.line(PdfPages.MARGIN, 40, PdfPages.WIDTH - PdfPages.MARGIN, 40, PdfPages.RULE, 0.5f);
                p.text(PdfPages.MARGIN, 29, 7, PdfPages.MUTED, "正文 SHA-256 " + report.sha256());
                String n = "第 " + (i + 1) + " 页 / 共 " + total + " 页";
                p.text(PdfPages.WIDTH - PdfPages.MARGIN - p.width(n, 7), 29, 7, PdfPages.MUTED, n);
            }
        }
        p.cs = null;
    }

    static String overall(String verdict) {
        return switch (verdict) {
            case "CLEAR" -> "符合";
            case "CONFLICT" -> "不符合";
            default -> "无法判定（缺少数据）";
        };
    }

    static String verdictZh(String verdict) {
        return switch (verdict) {
            case "CLEAR" -> "符合";
            case "CONFLICT" -> "冲突";
            default -> "无数据";
        };
    }

    private static Color color(String verdict) {
        return switch (verdict) {
            case "CLEAR" -> CLEAR;
            case "CONFLICT" -> CONFLICT;
            default -> NO_DATA;
        };
    }

    private static String status(String status) {
        return switch (status) {
            case "PLANNED" -> "拟出让（PLANNED）";
            case "LISTED" -> "已公告出让（LISTED）";
            case "GRANTED" -> "已出让（GRANTED）";
            case "EXPIRED" -> "已到期（EXPIRED）";
            case "CANCELLED" -> "已注销（CANCELLED）";
            default -> status;
        };
    }
}
