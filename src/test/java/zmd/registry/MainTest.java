package zmd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.db.TestDatabase;

class MainTest {
    @Test
    void anExternalDatabaseFromDatabaseUrlIsMigratedAndNoPrivateClusterStarts(@TempDir Path dataDir) {
        try (TestDatabase empty = TestDatabase.createEmpty()) {
            Map<String, String> env = Map.of(
                    "DATABASE_URL", empty.jdbcUrl(), "DATABASE_USER", empty.user(), "DATABASE_PASSWORD", empty.password(),
                    "REGISTRY_DATA_DIR", dataDir.toString());
            try (Main.Opened opened = Main.open(Config.fromEnv(env))) {
                assertNull(opened.cluster());
                var dsl = opened.database().dsl();
                assertEquals(10, dsl.fetchCount(zmd.registry.db.generated.Tables.COUNTY));
                assertEquals("3", dsl.fetchValue("select split_part(postgis_lib_version(), '.', 1)"));
            }
        }
    }
}
