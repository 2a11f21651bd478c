package zmd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.access.Role;

/**
 * Every GraphQL example of the README, and its first curl command, run as written against a fresh server with the
 * demo data. The only substitutions are the ones the README itself asks the reader to make: an id shown as "…" (the
 * block the example before created, or the demo's BIDDING listing) and the outcome's decidedAt.
 */
class ReadmeExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    /** A red-line file for the importLayer example, which reads hx2023.geojson from the import directory. */
    private static final String RED_LINE = """
            {"type":"FeatureCollection","features":[{"type":"Feature","id":"HX-2023-001",
             "properties":{"code":"HX-2023-001","name":"示例红线"},
             "geometry":{"type":"Polygon","coordinates":[[[113.50,32.90],[113.51,32.90],[113.51,32.91],[113.50,32.91],[113.50,32.90]]]}}]}""";

    private record Block(String language, String text) {
    }

    private static List<Block> blocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            out.add(new Block(m.group(1), m.group(2)));
        }
        return out;
    }

    @Test
    void everyGraphQLExampleRunsAsWritten(@TempDir Path importDir) throws IOException {
        Files.writeString(importDir.resolve("hx2023.geojson"), RED_LINE);
        try (TestServer server = TestServer.withDemoData(db -> new Registry(db, importDir))) {
            List<Block> blocks = blocks();
            String csv = blocks.stream().filter(b -> b.language().equals("csv")).findFirst().orElseThrow().text();
            JsonNode bidding = server.data(server.editorKey,
                    "{ listings(filter: { status: [BIDDING] }) { nodes { id biddingStart } } }").at("/listings/nodes/0");
            String auditor = server.registry.apiKeys().create(Role.AUDITOR, "README inspector").key();
            String lastCreatedBlock = null;
            int run = 0;
            for (Block block : blocks) {
                if (!block.language().equals("graphql")) {
                    continue;
                }
                Document document = Parser.parse(block.text());
                for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
                    String query = AstPrinter.printAst(op);
                    String key = server.editorKey;
                    if (query.contains("updateMineParcel") || query.contains("complianceReport(parcelId: \"…\"")) {
                        assertNotNull(lastCreatedBlock, "the update and report examples follow the create example");
                        query = query.replace("\"…\"", "\"" + lastCreatedBlock + "\"");
                    }
                    if (query.contains("reportListingOutcome")) {
                        // The README: the demo's BIDDING listing, decidedAt between its biddingStart and now.
                        query = query.replace("\"…\"", "\"" + bidding.get("id").asText() + "\"")
                                .replaceAll("decidedAt\\s*:\\s*\"[^\"]*\"", "decidedAt: \"" + OffsetDateTime.now().minusMinutes(1) + "\"");
                        key = server.platformKey;
                    }
                    if (query.contains("changeLog") || query.contains("verifyChangeLog")) {
                        // The README: the change log is read with an AUDITOR key.
                        key = auditor;
                    }
                    assertFalse(query.contains("…"), "an example with a placeholder this test does not know: " + query);
                    Map<String, Object> variables = new HashMap<>();
                    for (VariableDefinition v : op.getVariableDefinitions()) {
                        variables.put(v.getName(), v.getName().equals("csv") ? csv : null);
                    }
                    JsonNode response = server.graphql(key, query, variables);
                    assertFalse(response.has("errors"), "README example failed:\n" + query + "\n→ " + response);
                    assertTrue(response.has("data"));
                    if (response.at("/data/createMineParcel/id").isTextual()) {
                        lastCreatedBlock = response.at("/data/createMineParcel/id").asText();
                    }
                    run++;
                }
            }
            assertTrue(run >= 12, "the README's examples were found: " + run);
        }
    }

    @Test
    void theFirstCurlCommandRunsAsWritten() throws Exception {
        Block first = blocks().stream().filter(b -> b.text().contains("curl ")).findFirst().orElseThrow();
        Matcher body = Pattern.compile("-d '([^']*)'").matcher(first.text());
        assertTrue(body.find(), first.text());
        assertTrue(first.text().contains("http://localhost:8080/graphql"));
        try (TestServer server = TestServer.withDemoData()) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                    .header("Authorization", "Bearer " + server.editorKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.group(1))).build());
            assertEquals(200, r.statusCode());
            JsonNode json = TestServer.JSON.readTree(r.body());
            assertFalse(json.has("errors"), r.body());
            assertEquals(11, json.at("/data/mineParcels/totalCount").asInt());
            assertEquals("5.3782", json.at("/data/mineParcels/nodes").findValuesAsText("areaKm2").stream()
                    .filter("5.3782"::equals).findFirst().orElse(null), "the README promises 5.3782");
        }
    }
}
