package zmd.registry.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PDF as poppler reads it: pdftotext gives the Chinese rule texts back (glyphs embedded with their ToUnicode
 * map), and pdftoppm's 72 dpi image (1 px per point) has the title drawn where it is and the block's colour in the
 * map figure. The PDF and its first page are kept in target/ (compliance-report.pdf, -page1.png) for people to look at. Without poppler-utils
 * (scripts/ensure-deps.sh installs it) the test fails: it does not skip.
 */
class ComplianceReportPdfTest {
    private static ReportFixture f;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        f = new ReportFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void chineseTextTheFigureAndTheDigestAreInThePdf() throws Exception {
        JsonNode report = f.report();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.server.url(report.get("pdfUrl").asText())))
                .header("Authorization", "Bearer " + f.server.viewerKey).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/pdf", response.headers().firstValue("Content-Type").orElse(""));
        Path pdf = Files.write(dir.resolve("report.pdf"), response.body());
        Files.copy(pdf, Path.of("target", "compliance-report.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        String text = run("pdftotext", "-layout", pdf.toString(), "-");
        for (String expected : List.of(ComplianceBody.TITLE, "不重叠生态保护红线", "不重叠永久基本农田", "不在山体保护重点保护名录范围内",
                "位于规划开采区内", "测试矿区一号", "T-REPORT-1", "拐点坐标表", "40000.00", "60.0000", report.get("sha256").asText(),
                report.get("keyFingerprint").asText())) {
            assertTrue(text.contains(expected), "pdftotext lacks " + expected + ":\n" + text);
        }
        assertTrue(text.replaceAll("\\s", "").contains(report.get("signature").asText()), "the signature is printed");

        run("pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", pdf.toString(), dir.resolve("page").toString());
        Path png;
        try (var files = Files.list(dir)) {
            png = files.filter(p -> p.getFileName().toString().startsWith("page") && p.toString().endsWith(".png")).findFirst()
                    .orElseThrow(() -> new AssertionError("pdftoppm wrote no PNG"));
        }
        Files.copy(png, Path.of("target", "compliance-report-page1.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage page = ImageIO.read(png.toFile());
        assertTrue(Math.abs(page.getWidth() - 595) <= 1, "A4 at 72 dpi: " + page.getWidth());
        // The title: 19 pt from x 46, baseline 60 pt below the top edge.
        int dark = count(page, 46, 42, 260, 62, rgb -> luminance(rgb) < 80);
        assertTrue(dark > 300, "the title's glyphs are drawn (" + dark + " dark pixels)");
        // The block: 30 % of its blue over white inside the figure, under the tables.
        int r = (int) (0.3 * ReportMap.BLOCK_FILL.getRed() + 0.7 * 255);
        int g = (int) (0.3 * ReportMap.BLOCK_FILL.getGreen() + 0.7 * 255);
        int b = (int) (0.3 * ReportMap.BLOCK_FILL.getBlue() + 0.7 * 255);
        int block = count(page, 46, 300, 549, 800, rgb -> near(rgb, r, g, b, 10));
        assertTrue(block > 2000, "the map figure shows the block in its colour (" + block + " pixels)");
    }

    private static int count(BufferedImage img, int x0, int y0, int x1, int y1, java.util.function.IntPredicate test) {
        int n = 0;
        for (int y = y0; y < Math.min(y1, img.getHeight()); y++) {
            for (int x = x0; x < Math.min(x1, img.getWidth()); x++) {
                if (test.test(img.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int luminance(int rgb) {
        return (int) (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff));
    }

    private static boolean near(int rgb, int r, int g, int b, int tolerance) {
        return Math.abs((rgb >> 16 & 0xff) - r) <= tolerance && Math.abs((rgb >> 8 & 0xff) - g) <= tolerance && Math.abs((rgb & 0xff) - b) <= tolerance;
    }

    /** Runs a poppler tool; a missing tool fails the test with what to install. */
    private static String run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail(command[0] + " is missing: install poppler-utils (scripts/ensure-deps.sh does) to check the PDF: " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " did not finish");
        assertEquals(0, p.exitValue(), command[0] + ": " + out);
        return out;
    }
}
