package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.API_KEY;

import java.util.List;
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
            // Basic with the key as the password (QGIS 3.22's only way to send a secret with every request), where allowed.
            java.util.function.Function<String, String> basic = s -> "Basic " + java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(caller, keys.authenticate(basic.apply("qgis:" + created.key()), true));
            assertEquals(caller, keys.authenticate("basic  " + basic.apply("any name:" + created.key()).substring(6), true), "scheme names are case-insensitive");
            for (String refused : List.of(basic.apply("qgis:" + created.key() + "x"), basic.apply(created.key()), basic.apply("qgis:"), basic.apply(":"),
                    "Basic !!!", "Basic", "Basic abc", "Digest abc", "Bearer")) {
                assertEquals(ErrorCode.UNAUTHENTICATED, assertThrows(RegistryException.class, () -> keys.authenticate(refused, true), refused).code(), refused);
            }
            var notHere = assertThrows(RegistryException.class, () -> keys.authenticate(basic.apply("qgis:" + created.key())));
            assertEquals(ErrorCode.UNAUTHENTICATED, notHere.code());
            assertTrue(notHere.getMessage().contains("OGC API reads"), notHere.getMessage());
            keys.revoke(keys.create(Role.STAFF_EDITOR, "revoker").caller(), caller.keyId().toString());
            assertEquals(ErrorCode.UNAUTHENTICATED, assertThrows(RegistryException.class, () -> keys.authenticate(basic.apply("qgis:" + created.key()), true)).code(),
                    "a revoked key is refused as a basic password too");
            assertThrows(RegistryException.class, () -> keys.create(Role.PUBLIC, "x"));
            keys.create(Role.STAFF_EDITOR, "editor");
            assertTrue(keys.anyEditorKey());
        }
    }
}
