package zmd.registry.compliance;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * A4 pages written top to bottom with one embedded CJK font: text that wraps by width (Chinese has no spaces to
 * break at), tables that continue on the next page with their header, and a cursor {@link #y} that moves down.
 */
final class PdfPages implements AutoCloseable {
    static final float WIDTH = PDRectangle.A4.getWidth();
    static final float HEIGHT = PDRectangle.A4.getHeight();
    static final float MARGIN = 46;
    static final float BOTTOM = 58;
    static final Color INK = new Color(0x1a, 0x1a, 0x1a);
    static final Color MUTED = new Color(0x5f, 0x63, 0x68);
    static final Color RULE = new Color(0xc8, 0xcc, 0xd2);
    static final Color HEADER_FILL = new Color(0xe8, 0xee, 0xf6);
    static final Color ACCENT = new Color(0x1f, 0x4e, 0x9c);

    final PDDocument doc;
    final PDType0Font font;
    PDPageContentStream cs;
    float y;
    /** Code points the font has no glyph for are drawn as '?' instead of failing the whole document. */
    private final Map<Integer, Boolean> drawable = new HashMap<>();

    PdfPages(PDDocument doc, PDType0Font font) {
        this.doc = doc;
        this.font = font;
    }

    void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = HEIGHT - MARGIN;
    }

    /** Starts a new page unless {@code height} more points fit above the bottom margin. */
    void need(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.appendCodePoint(drawable.computeIfAbsent(cp, this::hasGlyph) ? cp : '?'));
        return out.toString();
    }

    private boolean hasGlyph(int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return !Character.isISOControl(cp);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    float width(String s, float size) throws IOException {
        return font.getStringWidth(safe(s)) / 1000 * size;
    }

    void text(float x, float baseline, float size, Color color, String s) throws IOException {
        text(x, baseline, size, color, s, false);
    }

    /** {@code bold}: the glyphs are also stroked, as the font has no bold face. */
    void text(float x, float baseline, float size, Color color, String s, boolean bold) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.setNonStrokingColor(color);
        if (bold) {
            cs.setStrokingColor(color);
            cs.setLineWidth(size / 32);
            cs.setRenderingMode(RenderingMode.FILL_STROKE);
        }
        cs.newLineAtOffset(x, baseline);
        cs.showText(safe(s));
        if (bold) {
            cs.setRenderingMode(RenderingMode.FILL);
        }
        cs.endText();
    }

    /** Lines of at most {@code max} points, broken between characters (at a space when there is one near). */
    List<String> wrap(String s, float size, float max) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : safe(s).split("\n", -1)) {
            String rest = paragraph;
            while (width(rest, size) > max) {
                int cut = 1;
                while (cut < rest.length() && width(rest.substring(0, cut + 1), size) <= max) {
                    cut++;
                }
                int space = rest.lastIndexOf(' ', cut);
                if (space > cut * 2 / 3) {
                    cut = space + 1;
                }
                lines.add(rest.substring(0, cut).stripTrailing());
                rest = rest.substring(cut);
            }
            lines.add(rest);
        }
        return lines;
    }

    /** A wrapped paragraph at the cursor. */
    void paragraph(float size, Color color, String s) throws IOException {
        for (String line : wrap(s, size, WIDTH - 2 * MARGIN)) {
            need(size * 1.45f);
            y -= size * 1.45f;
            text(MARGIN, y, size, color, line);
        }
    }

    /** A section heading with a rule under it. */
    void heading(String s) throws IOException {
        need(40);
        y -= 20;
        text(MARGIN, y, 12.5f, ACCENT, s, true);
        y -= 5;
        line(MARGIN, y, WIDTH - MARGIN, y, ACCENT, 0.8f);
        y -= 4;
    }

    void line(float x0, float y0, float x1, float y1, Color color, float width) throws IOException {
        cs.setStrokingColor(color);
        cs.setLineWidth(width);
        cs.moveTo(x0, y0);
        cs.lineTo(x1, y1);
        cs.stroke();
    }

    void fillRect(float x, float y0, float w, float h, Color color) throws IOException {
        cs.setNonStrokingColor(color);
        cs.addRect(x, y0, w, h);
        cs.fill();
    }

    /**
     * A table across the text width: {@code widths} are fractions, the header row is shaded and repeated on every
     * page the table runs onto; cells wrap. {@code colors}, when not null, gives each row's text colour per column.
     */
    void table(float[] widths, List<String> header, List<List<String>> rows, float size, TableColors colors) throws IOException {
        float total = WIDTH - 2 * MARGIN;
        float pad = 3.5f;
        float lead = size * 1.35f;
        need(lead * 3 + 2 * pad);
        row(widths, header, size, total, pad, lead, true, null, -1);
        for (int r = 0; r < rows.size(); r++) {
            float h = rowHeight(widths, rows.get(r), size, total, pad, lead);
            if (y - h < BOTTOM) {
                newPage();
                row(widths, header, size, total, pad, lead, true, null, -1);
            }
            row(widths, rows.get(r), size, total, pad, lead, false, colors, r);
        }
        y -= 4;
    }

    interface TableColors {
        Color of(int row, int column);
    }

    private float rowHeight(float[] widths, List<String> cells, float size, float total, float pad, float lead) throws IOException {
        int lines = 1;
        for (int c = 0; c < widths.length; c++) {
            lines = Math.max(lines, wrap(cells.get(c), size, widths[c] * total - 2 * pad).size());
        }
        return lines * lead + 2 * pad;
    }

    private void row(float[] widths, List<String> cells, float size, float total, float pad, float lead, boolean header,
                     TableColors colors, int r) throws IOException {
        float h = rowHeight(widths, cells, size, total, pad, lead);
        if (header) {
            fillRect(MARGIN, y - h, total, h, HEADER_FILL);
        }
        float x = MARGIN;
        for (int c = 0; c < widths.length; c++) {
            float w = widths[c] * total;
            float baseline = y - pad - size;
            Color color = colors == null ? INK : colors.of(r, c);
            for (String line : wrap(cells.get(c), size, w - 2 * pad)) {
                text(x + pad, baseline, size, header ? ACCENT : color, line, header);
                baseline -= lead;
            }
            x += w;
        }
        line(MARGIN, y - h, MARGIN + total, y - h, RULE, 0.5f);
        y -= h;
    }

    @Override
    public void close() throws IOException {
        if (cs != null) {
            cs.close();
            cs = null;
        }
    }
}
