package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** Revocation bites within a second on every node, through GraphQL and the command line's path alike. */
class RevocationTest {
    private static final String WHO = "{ whoAmI { role name } }";
    private static final String REVOKE = "mutation($id: ID!) { revokeApiKey(id: $id) { id name role keyPrefix createdAt revokedAt } }";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aKeyRevokedThroughAnotherNodeIsRefusedHereWithinASecond() throws InterruptedException {
        ApiKeys.Created key = server.registry.apiKeys().create(Role.PLATFORM, "平台 to revoke");
        assertEquals("PLATFORM", server.data(key.key(), WHO).at("/whoAmI/role").asText(), "the key works and is cached");

        // Another node (or the command line) shares only the database.
        ApiKeys otherNode = new ApiKeys(server.db.database().dsl());
        long start = System.nanoTime();
        otherNode.revoke(Caller.commandLine(), key.caller().keyId().toString());
        String code = null;
        long elapsedMs = 0;
        while (elapsedMs < 3_000) {
            code = TestServer.errorCode(server.graphql(key.key(), WHO));
            elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if ("UNAUTHENTICATED".equals(code)) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals("UNAUTHENTICATED", code);
        assertTrue(elapsedMs < 1_000, "refused after " + elapsedMs + " ms");
    }

    @Test
    void staffEditorsRevokeThroughGraphQLAndNoSecretIsShown() {
        ApiKeys.Created key = server.registry.apiKeys().create(Role.STAFF_VIEWER, "张三");
        String id = key.caller().keyId().toString();
        server.data(key.key(), WHO);

        JsonNode revoked = server.data(server.editorKey, REVOKE, Map.of("id", id)).get("revokeApiKey");
        assertEquals("张三", revoked.get("name").asText());
        assertEquals("STAFF_VIEWER", revoked.get("role").asText());
        assertEquals(key.key().substring(0, 10), revoked.get("keyPrefix").asText());
        assertFalse(revoked.get("revokedAt").isNull());
        assertEquals("UNAUTHENTICATED", TestServer.errorCode(server.graphql(key.key(), WHO)), "refused at once on the node that revoked it");

        JsonNode again = server.data(server.editorKey, REVOKE, Map.of("id", id)).get("revokeApiKey");
        assertEquals(revoked.get("revokedAt"), again.get("revokedAt"), "a retry keeps the first revocation");

        JsonNode listed = server.data(server.editorKey, "{ apiKeys { id name keyPrefix revokedAt } }");
        assertFalse(listed.toString().contains(key.key().substring(10)), "no secret in the list");
        assertTrue(listed.toString().contains(id));

        assertEquals("FORBIDDEN", TestServer.errorCode(server.graphql(server.viewerKey, REVOKE, Map.of("id", id))));
        assertEquals("FORBIDDEN", TestServer.errorCode(server.graphql(server.platformKey, REVOKE, Map.of("id", id))));
        assertEquals("FORBIDDEN", TestServer.errorCode(server.graphql(server.platformKey, "{ apiKeys { id } }")));
        assertEquals("NOT_FOUND", TestServer.errorCode(server.graphql(server.editorKey, REVOKE,
                Map.of("id", "00000000-0000-0000-0000-000000000000"))));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(server.graphql(server.editorKey, REVOKE, Map.of("id", "nope"))));
    }
}
