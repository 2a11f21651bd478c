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
            assertThrows(RegistryException.class, () -> keys.create(Role.PUBLIC, "x"));
            keys.create(Role.STAFF_EDITOR, "editor");
            assertTrue(keys.anyEditorKey());
        }
    }
}
