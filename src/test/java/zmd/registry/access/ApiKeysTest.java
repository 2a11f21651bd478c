package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.API_KEY;

import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.TestDatabase;

class ApiKeysTest {
    @Test
    void storesOnlyTheHashAndAuthenticatesByIt() {
        try (TestDatabase db = TestDatabase.create()) {
            ApiKeys keys = new ApiKeys(db.database().dsl());
            assertFalse(keys.anyEditorKey());
            ApiKeys.Created created = keys.create(Role.PLATFORM, "河南省公共资源交易中心");
            assertTrue(created.key().startsWith(ApiKeys.PREFIX));
            var row = db.database().dsl().selectFrom(API_KEY).fetchSingle();
            assertArrayEquals(ApiKeys.sha256(created.key()), row.getKeyHash());
            assertFalse(row.toString().contains(created.key().substring(12)), "the key itself is not stored");
            Caller caller = keys.authenticate("Bearer " + created.key());
            assertEquals(Role.PLATFORM, caller.role());
            assertEquals("河南省公共资源交易中心", caller.name());
            assertEquals(Caller.PUBLIC, keys.authenticate(null));
            var wrong = assertThrows(RegistryException.class, () -> keys.authenticate("Bearer " + created.key() + "x"));
            assertEquals(ErrorCode.UNAUTHENTICATED, wrong.code());
            assertThrows(RegistryException.class, () -> keys.authenticate("Basic abc"));
            // Basic with the key as the password (QGIS 3.22's only way to send a secret on every request).
            String basic = java.util.Base64.getEncoder().encodeToString(("qgis:" + created.key()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(caller, keys.authenticate("Basic " + basic));
            String noPassword = java.util.Base64.getEncoder().encodeToString(created.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(ErrorCode.UNAUTHENTICATED, assertThrows(RegistryException.class, () -> keys.authenticate("Basic " + noPassword)).code());
            String wrongPassword = java.util.Base64.getEncoder().encodeToString(("qgis:" + created.key() + "x").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(ErrorCode.UNAUTHENTICATED, assertThrows(RegistryException.class, () -> keys.authenticate("Basic " + wrongPassword)).code());
            assertThrows(RegistryException.class, () -> keys.authenticate("Digest abc"));
            assertThrows(RegistryException.class, () -> keys.create(Role.PUBLIC, "x"));
            keys.create(Role.STAFF_EDITOR, "editor");
            assertTrue(keys.anyEditorKey());
        }
    }
}
