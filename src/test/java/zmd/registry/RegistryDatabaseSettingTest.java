package zmd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.db.TestDatabase;

/** REGISTRY_DATABASE points the commands at another database of the same server (the benchmark's). */
class RegistryDatabaseSettingTest {
    @Test
    void registryDatabaseReplacesTheDatabaseOfDatabaseUrl(@TempDir Path dataDir) {
        try (TestDatabase everyday = TestDatabase.createEmpty(); TestDatabase other = TestDatabase.createEmpty()) {
            String otherName = String.valueOf(other.database().dsl().fetchValue("select current_database()"));
            Map<String, String> env = Map.of(
                    "DATABASE_URL", everyday.jdbcUrl(), "DATABASE_USER", everyday.user(), "DATABASE_PASSWORD", everyday.password(),
                    "REGISTRY_DATA_DIR", dataDir.toString(), "REGISTRY_DATABASE", otherName);
            try (Main.Opened opened = Main.open(Config.fromEnv(env))) {
                assertEquals(otherName, String.valueOf(opened.database().dsl().fetchValue("select current_database()")));
                assertEquals(10, opened.database().dsl().fetchCount(zmd.registry.db.generated.Tables.COUNTY), "migrated");
            }
            assertEquals(0L, ((Number) everyday.database().dsl().fetchValue(
                    "select count(*) from information_schema.tables where table_name = 'county'")).longValue(),
                    "the database of DATABASE_URL was left alone");
        }
    }
}
