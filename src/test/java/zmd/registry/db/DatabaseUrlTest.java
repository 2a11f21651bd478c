package zmd.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void readsPostgresUrlsWithCredentials() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://reg%40ist:s3cr%2Ft@db.example:6543/registry?sslmode=require", null, null);
        assertEquals("jdbc:postgresql://db.example:6543/registry?sslmode=require", u.jdbcUrl());
        assertEquals("reg@ist", u.user());
        assertEquals("s3cr/t", u.password());
    }

    @Test
    void variablesOverrideTheUrl() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://localhost/registry", "alice", "pw");
        assertEquals("jdbc:postgresql://localhost/registry", u.jdbcUrl());
        assertEquals("alice", u.user());
        assertEquals("pw", u.password());
    }

    @Test
    void refusesOtherSchemesWithoutLeakingThePassword() {
        var e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://u:secret@h/db", null, null));
        assertEquals("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql: — got mysql://u:***@h/db", e.getMessage());
    }

    @Test
    void replacesOnlyTheDatabase() {
        assertEquals("jdbc:postgresql://db.example:5433/registry_bench?sslmode=require",
                DatabaseUrl.parse("postgres://u:p@db.example:5433/registry?sslmode=require", null, null)
                        .withDatabase("registry_bench").jdbcUrl());
        assertEquals("jdbc:postgresql://127.0.0.1:55432/registry_bench",
                new DatabaseUrl("jdbc:postgresql://127.0.0.1:55432/registry", "u", "p").withDatabase("registry_bench").jdbcUrl());
        assertEquals("jdbc:postgresql://h/postgres", new DatabaseUrl("jdbc:postgresql://h", null, null).withDatabase("postgres").jdbcUrl());
        assertEquals("jdbc:postgresql:registry_bench", new DatabaseUrl("jdbc:postgresql:registry", null, null).withDatabase("registry_bench").jdbcUrl());
        DatabaseUrl withUser = new DatabaseUrl("jdbc:postgresql://h/a", "u", "p").withDatabase("b");
        assertEquals("u", withUser.user());
        assertEquals("p", withUser.password());
    }

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://h/a", null, null);
        assertThrows(IllegalArgumentException.class, () -> url.withDatabase("b; DROP DATABASE a"));
        assertThrows(IllegalArgumentException.class, () -> url.withDatabase("b/c"));
        assertThrows(IllegalArgumentException.class, () -> url.withDatabase(null));
    }
}
