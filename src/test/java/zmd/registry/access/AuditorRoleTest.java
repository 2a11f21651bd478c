package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** The inspector's key: reads what staff read, writes nothing; and every response names its request. */
class AuditorRoleTest {
    @Test
    void anAuditorReadsPlannedBlocksAndWritesNothing() {
        try (TestServer server = TestServer.withDemoData()) {
            String auditor = server.registry.apiKeys().create(Role.AUDITOR, "省厅督察 Li").key();
            JsonNode planned = server.data(auditor, "{ mineParcels(filter: {status: PLANNED}) { totalCount } }");
            int seen = planned.at("/mineParcels/totalCount").asInt();
            assertEquals(server.data(server.viewerKey, "{ mineParcels(filter: {status: PLANNED}) { totalCount } }")
                    .at("/mineParcels/totalCount").asInt(), seen);
            assertTrue(seen > 0, "the demo register has planned blocks");
            String id = server.data(auditor, "{ mineParcels(first: 1) { nodes { id version } } }").at("/mineParcels/nodes/0/id").asText();
            JsonNode write = server.graphql(auditor, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {name: \"x\"}) { id } }",
                    Map.of("id", id));
            assertEquals("FORBIDDEN", TestServer.errorCode(write));
            assertEquals("Changing a block needs an API key with role STAFF_EDITOR; this request is made with role AUDITOR",
                    TestServer.errorMessage(write));
        }
    }

    @Test
    void everyResponseNamesItsRequest() throws Exception {
        try (TestServer server = TestServer.empty()) {
            HttpResponse<String> fresh = server.get("/health", null);
            String id = fresh.headers().firstValue("X-Request-Id").orElseThrow();
            assertEquals(36, id.length(), id);
            HttpResponse<String> named = server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql?query=%7B__typename%7D")))
                    .header("X-Request-Id", "proxy-7f3a.42").build());
            assertEquals("proxy-7f3a.42", named.headers().firstValue("X-Request-Id").orElseThrow());
            HttpResponse<String> odd = server.send(HttpRequest.newBuilder(URI.create(server.url("/ogc/nowhere")))
                    .header("X-Request-Id", "two words").build());
            assertEquals(404, odd.statusCode());
            assertNotEquals("two words", odd.headers().firstValue("X-Request-Id").orElseThrow(), "only plain tokens are kept");
        }
    }
}
