package zmd.registry.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.TestServer;

/** The canonical body, its reproducibility, the signature and its checks, storage, access and errors, over HTTP. */
class ComplianceReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReportFixture f;

    @BeforeAll
    static void start() {
        f = new ReportFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theBodyStatesEveryRuleWithAreasDatasetsCornerPointsAndTheChecker() throws Exception {
        JsonNode report = f.report();
        JsonNode body = JSON.readTree(report.get("json").asText());
        assertEquals("CONFLICT", report.get("verdict").asText());
        assertEquals("CONFLICT", body.get("verdict").asText());
        assertEquals(ComplianceBody.TITLE, body.get("title").asText());
        assertTrue(body.get("asOf").isNull(), "the current register: no instant of its own in the body");
        assertEquals("500000.00", body.at("/block/areaM2").asText());
        assertEquals("750.0000", body.at("/block/areaMu").asText());
        assertEquals("确山县", body.at("/block/county/name").asText());
        assertEquals(report.get("parcelVersion").asInt(), body.at("/block/version").asInt());
        assertEquals("1.00", body.get("toleranceM2").asText());
        assertEquals(ComplianceBody.CHECKER_VERSION, body.at("/checker/version").asText());
        assertFalse(ComplianceBody.CHECKER_VERSION.contains("${"), "the version comes from the pom");
        Map<String, JsonNode> rules = new java.util.HashMap<>();
        body.get("rules").forEach(r -> rules.put(r.get("rule").asText(), r));
        assertEquals(List.of("RED_LINE", "BASIC_FARMLAND", "MOUNTAIN_PROTECTION", "OTHER_MINING_RIGHT", "PLANNED_ZONE"),
                List.of(body.at("/rules/0/rule").asText(), body.at("/rules/1/rule").asText(), body.at("/rules/2/rule").asText(),
                        body.at("/rules/3/rule").asText(), body.at("/rules/4/rule").asText()));

        JsonNode red = rules.get("RED_LINE");
        assertEquals("不重叠生态保护红线", red.get("requirement").asText());
        assertEquals("CONFLICT", red.get("verdict").asText());
        assertEquals("40000.00", red.get("conflictAreaM2").asText());
        assertEquals("60.0000", red.get("conflictAreaMu").asText());
        assertEquals("8.00", red.get("overlapSharePercent").asText());
        assertEquals("测试 RED_LINE", red.at("/dataset/name").asText());
        assertEquals("t-2024", red.at("/dataset/version").asText());
        assertEquals("RED_LINE", red.at("/dataset/layer").asText());
        assertTrue(red.at("/dataset/id").isIntegralNumber());
        assertEquals("RL-1", red.at("/features/0/code").asText());
        assertFalse(red.at("/features/0/inFrame").isEmpty(), "the feature cut to the map frame is in the body");

        JsonNode farmland = rules.get("BASIC_FARMLAND");
        assertEquals("CONFLICT", farmland.get("verdict").asText(), "P-1 lies inside the block");
        assertEquals("20000.00", farmland.get("conflictAreaM2").asText(), "the sliver is not a conflict");
        assertEquals(2, farmland.get("featureCount").asInt());
        assertEquals("CLEAR", rules.get("MOUNTAIN_PROTECTION").get("verdict").asText());
        assertEquals("CLEAR", rules.get("OTHER_MINING_RIGHT").get("verdict").asText());
        assertTrue(rules.get("OTHER_MINING_RIGHT").get("dataset").isNull(), "the register itself, no dataset");
        JsonNode zone = rules.get("PLANNED_ZONE");
        assertEquals("位于规划开采区内", zone.get("requirement").asText());
        assertEquals("50000.00", zone.get("outsideAreaM2").asText());
        assertEquals("10.00", zone.get("outsideSharePercent").asText());

        JsonNode corners = body.at("/block/cornerPoints");
        assertEquals(4547, corners.get("srid").asInt());
        JsonNode points = corners.at("/rings/0/points");
        assertEquals(4, points.size(), "each corner once");
        for (JsonNode p : points) {
            assertTrue(p.get("x").asText().matches("3612(000|500)\\.00"), "X is the northing: " + p);
            assertTrue(p.get("y").asText().matches("49(5000|6000)\\.00"), "Y is the easting: " + p);
        }
    }

    @Test
    void theSameBlockVersionGivesTheSameBytesStoredOnceAndANewVersionAnotherReport() throws Exception {
        JsonNode first = f.report();
        JsonNode again = f.report();
        String json = first.get("json").asText();
        assertEquals(json, again.get("json").asText(), "byte for byte");
        assertEquals(first.get("sha256").asText(), again.get("sha256").asText());
        assertEquals(first.get("signature").asText(), again.get("signature").asText(), "Ed25519 is deterministic");
        assertEquals(first.get("id").asText(), again.get("id").asText(), "stored once");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, CanonicalJson.bytes(JSON.readTree(bytes)), "the body is in canonical form");
        assertEquals(ComplianceService.sha256(bytes), first.get("sha256").asText());
        assertTrue(json.startsWith("{\"asOf\":null,\"block\":{") && !json.contains("\n"), "sorted keys, no whitespace: " + json.substring(0, 40));
        assertFalse(json.contains("createdAt") || json.contains("generatedAt"), "the time of generation is not in the signed body");

        f.server.data(f.server.editorKey, "mutation($id: ID!, $v: Int!) { updateMineParcel(id: $id, version: $v, patch: {name: \"测试矿区一号（改）\"}) { version } }",
                Map.of("id", f.blockId, "v", first.get("parcelVersion").asInt()));
        JsonNode changed = f.report();
        assertEquals(first.get("parcelVersion").asInt() + 1, changed.get("parcelVersion").asInt());
        assertNotEquals(first.get("id").asText(), changed.get("id").asText());
        assertNotEquals(first.get("sha256").asText(), changed.get("sha256").asText());
        assertEquals(changed.get("json").asText(), f.report().get("json").asText(), "reproducible for the new version too");
    }

    @Test
    void theSignatureVerifiesAndOneChangedByteFails(@TempDir Path dir) throws Exception {
        JsonNode report = f.report();
        String json = report.get("json").asText();
        String signature = report.get("signature").asText();
        JsonNode ok = verify(json, signature);
        assertTrue(ok.get("valid").asBoolean(), ok.toString());
        assertEquals(report.get("keyFingerprint").asText(), ok.get("keyFingerprint").asText());
        JsonNode key = f.server.data(null, "{ complianceReportPublicKey { algorithm pem jwk fingerprint } }").get("complianceReportPublicKey");
        assertEquals(report.get("keyFingerprint").asText(), key.get("fingerprint").asText());
        assertEquals("Ed25519", JSON.readTree(key.get("jwk").asText()).get("crv").asText());

        String tampered = json.replace("\"40000.00\"", "\"40000.01\"");
        assertNotEquals(json, tampered);
        assertEquals(json.length(), tampered.length(), "one byte changed");
        JsonNode bad = verify(tampered, signature);
        assertFalse(bad.get("valid").asBoolean());
        assertTrue(bad.get("reason").asText().contains("changed after signing"), bad.toString());
        JsonNode spaced = verify(json.replaceFirst(",", ", "), signature);
        assertFalse(spaced.get("valid").asBoolean());
        assertTrue(spaced.get("reason").asText().contains("canonical"), spaced.toString());
        assertFalse(verify(json, "bm90IGEgc2lnbmF0dXJl").get("valid").asBoolean());

        // The report file and the command line, with the key as /reports/public-key serves it.
        HttpResponse<String> pem = f.server.get("/reports/public-key", null);
        assertEquals(200, pem.statusCode());
        assertEquals(key.get("pem").asText(), pem.body());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), pem.body());
        HttpResponse<String> file = f.server.get(report.get("jsonUrl").asText(), f.server.viewerKey);
        assertEquals(200, file.statusCode(), file.body());
        assertTrue(file.body().contains("\"report\":" + json + "}"), "the file holds the signed bytes as they are");
        Path good = Files.writeString(dir.resolve("report.json"), file.body());
        assertEquals(0, command(good, keyFile), "a served file verifies");
        Path pretty = Files.writeString(dir.resolve("pretty.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(file.body())));
        assertEquals(0, command(pretty, keyFile), "re-indented, the body is written canonically again and still verifies");
        Path changed = Files.writeString(dir.resolve("changed.json"), file.body().replace("\"40000.00\"", "\"40000.01\""));
        assertEquals(1, command(changed, keyFile));
        Path otherKey = Files.writeString(dir.resolve("other.pem"), ReportSigner.generate().publicKeyPem());
        assertEquals(1, command(good, otherKey), "another key did not sign it");
        assertEquals(2, command(dir.resolve("missing.json"), keyFile));
    }

    @Test
    void staffOnlyUnknownBlocksAndReportsAreClearRefusals() {
        String q = "query($id: ID!, $at: DateTime) { complianceReport(parcelId: $id, asOf: $at) { id } }";
        assertEquals("FORBIDDEN", TestServer.errorCode(f.server.graphql(f.server.platformKey, q, Map.of("id", f.blockId))));
        assertEquals("FORBIDDEN", TestServer.errorCode(f.server.graphql(null, q, Map.of("id", f.blockId))));
        assertEquals("NOT_FOUND", TestServer.errorCode(f.server.graphql(f.server.viewerKey, q, Map.of("id", java.util.UUID.randomUUID().toString()))));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(f.server.graphql(f.server.viewerKey, q, Map.of("id", "nope"))));

        String path = f.report().get("pdfUrl").asText();
        assertEquals(403, f.server.get(path, f.server.platformKey).statusCode());
        assertEquals(403, f.server.get(path, null).statusCode());
        assertEquals(401, f.server.get(path, "mrr_notAKeyAnyoneHolds000000000000000000").statusCode());
        HttpResponse<String> unknown = f.server.get("/reports/" + java.util.UUID.randomUUID() + ".pdf", f.server.viewerKey);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("NOT_FOUND"), unknown.body());
        assertEquals(400, f.server.get("/reports/not-an-id.json", f.server.viewerKey).statusCode());
        assertEquals(404, f.server.get("/reports/x.txt", f.server.viewerKey).statusCode());
    }

    private static JsonNode verify(String report, String signature) {
        return f.server.data(null, "query($r: String!, $s: String!) { verifyComplianceReport(report: $r, signature: $s) { valid reason keyFingerprint sha256 } }",
                Map.of("r", report, "s", signature)).get("verifyComplianceReport");
    }

    private static int command(Path file, Path key) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return VerifyReportCommand.run(List.of(file.toString(), "--public-key", key.toString()), Map.of(), Path.of("unused"), out, out);
    }
}
