package zmd.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * The replicated test run is what it says: with {@code -Dregistry.test.topology=replicated} a test server is two API
 * nodes, requests alternate between them, and their reads are served by the streaming replica. Skipped in the
 * ordinary run.
 */
class ReplicatedTopologyTest {
    @Test
    void requestsAlternateBetweenTwoNodesThatReadFromTheReplica() throws Exception {
        Assumptions.assumeTrue(TestDatabase.replicated(), "only in the replicated test run");
        try (TestServer server = TestServer.withDemoData()) {
            Set<String> nodes = new HashSet<>(java.util.List.of(server.url("/graphql"), server.url("/graphql")));
            assertEquals(2, nodes.size(), nodes::toString);
            for (int i = 0; i < 6; i++) {
                assertEquals(11, server.data(server.viewerKey, "{ mineParcels { totalCount } }").at("/mineParcels/totalCount").asInt());
            }
            for (int i = 0; i < 2; i++) {
                JsonNode health = TestServer.JSON.readTree(server.get("/health", null).body());
                JsonNode replica = health.at("/replicas/0");
                assertEquals("IN_ROTATION", replica.get("status").asText(), health::toString);
                assertTrue(replica.get("requests").asLong() > 0, "reads went to the replica: " + health);
            }
        }
    }
}
