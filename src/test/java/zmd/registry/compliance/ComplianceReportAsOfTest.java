package zmd.registry.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.LocalGrid.wkt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.Instants;
import zmd.registry.TestServer;

/**
 * The signed report of a block as of a day: after the block moved clear of every layer, the report as of the day
 * before says what the report of that day said, byte for byte but for its instant, and it is the same each time asked.
 */
class ComplianceReportAsOfTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELDS = "id parcelVersion asOf verdict json sha256 signature pdfUrl";

    static ReportFixture f;
    static OffsetDateTime asFirstRegistered;
    static JsonNode reportThen;

    @BeforeAll
    static void history() throws Exception {
        f = new ReportFixture();
        asFirstRegistered = Instants.betweenWrites();
        reportThen = report(null);
        f.server.data(f.server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {geometry: {wkt: \""
                + wkt(20_000, 20_000, 21_000, 20_500) + "\"}}) { version } }", Map.of("id", f.blockId));
        Instants.betweenWrites();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theReportAsOfADayIsTheReportOfThatDay() throws Exception {
        JsonNode now = report(null);
        assertEquals(2, now.get("parcelVersion").asInt());
        assertEquals("CONFLICT", redLine(reportThen), "RL-1 cut 40 000 m² of the block then");
        assertEquals("CLEAR", redLine(now), "moved away since");
        JsonNode asOf = report(asFirstRegistered);
        assertEquals(1, asOf.get("parcelVersion").asInt());
        assertEquals(reportThen.get("verdict"), asOf.get("verdict"));
        ObjectNode body = (ObjectNode) JSON.readTree(asOf.get("json").asText());
        assertEquals(asFirstRegistered.toInstant().toString(), body.get("asOf").asText());
        body.putNull("asOf");
        assertEquals(JSON.readTree(reportThen.get("json").asText()), body, "the block, checks, datasets, corner points and map of that day");
    }

    @Test
    void itIsReproducibleSignedAndDownloadable() {
        JsonNode first = report(asFirstRegistered);
        JsonNode again = report(asFirstRegistered);
        assertEquals(first.get("json"), again.get("json"), "byte for byte");
        assertEquals(first.get("id"), again.get("id"), "stored once");
        JsonNode verified = f.server.data(null, "query($r: String!, $s: String!) { verifyComplianceReport(report: $r, signature: $s) { valid reason } }",
                Map.of("r", first.get("json").asText(), "s", first.get("signature").asText())).get("verifyComplianceReport");
        assertTrue(verified.get("valid").asBoolean(), verified::toString);
        var pdf = f.server.get(first.get("pdfUrl").asText(), f.server.editorKey);
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    }

    @Test
    void beforeTheChangeLogOrInTheFutureIsRefused() {
        String q = "query($id: ID!, $at: DateTime) { complianceReport(parcelId: $id, asOf: $at) { id } }";
        JsonNode before = f.server.graphql(f.server.editorKey, q, Map.of("id", f.blockId, "at", "2000-01-01T00:00:00Z"));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(before), before::toString);
        assertTrue(TestServer.errorMessage(before).contains("before the change log begins"), before::toString);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(f.server.graphql(f.server.editorKey, q,
                Map.of("id", f.blockId, "at", OffsetDateTime.now().plusDays(1).toString()))));
    }

    private static String redLine(JsonNode report) throws Exception {
        for (JsonNode rule : JSON.readTree(report.get("json").asText()).get("rules")) {
            if (rule.get("rule").asText().equals("RED_LINE")) {
                return rule.get("verdict").asText();
            }
        }
        throw new AssertionError("no RED_LINE rule in " + report);
    }

    private static JsonNode report(OffsetDateTime at) {
        return f.server.data(f.server.editorKey, "query($id: ID!, $at: DateTime) { complianceReport(parcelId: $id, asOf: $at) { " + FIELDS + " } }",
                at == null ? Map.of("id", f.blockId) : Map.of("id", f.blockId, "at", at.toString())).get("complianceReport");
    }
}
