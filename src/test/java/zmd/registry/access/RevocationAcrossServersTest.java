package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zmd.registry.Registry;
import zmd.registry.TestServer;

/** A key revoked through one API node is refused by every other within a second: no node keeps it alive. */
class RevocationAcrossServersTest {
    @Test
    void aKeyRevokedOnOneNodeIsRefusedOnTheOther() throws Exception {
        try (TestServer a = TestServer.empty(); TestServer b = a.anotherNode(Registry::new)) {
            ApiKeys.Created key = a.registry.apiKeys().create(Role.STAFF_VIEWER, "county GIS");
            assertEquals("STAFF_VIEWER", b.data(key.key(), "{ whoAmI { role } }").at("/whoAmI/role").asText(), "node B caches the key now");
            a.data(a.editorKey, "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", Map.of("id", key.caller().keyId().toString()));
            long revoked = System.nanoTime();
            String code;
            do {
                Thread.sleep(20);
                code = TestServer.errorCode(b.graphql(key.key(), "{ whoAmI { role } }"));
            } while (code == null && System.nanoTime() - revoked < Duration.ofSeconds(3).toNanos());
            // Node B reads the revocations every 250 ms; the 3 s bound leaves room for a busy machine.
            assertEquals("UNAUTHENTICATED", code, "node B still accepts the revoked key");
        }
    }
}
