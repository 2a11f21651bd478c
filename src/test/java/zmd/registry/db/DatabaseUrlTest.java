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
}
