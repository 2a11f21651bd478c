package zmd.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed jOOQ classes must be exactly what the migrations generate: run `make generate` if this fails. */
class GeneratedCodeDriftTest {
    @Test
    void generatedClassesMatchTheMigrations(@TempDir Path out) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            JooqCodegen.generate(db.jdbcUrl(), db.user(), db.password(), out);
        }
        Map<String, String> fresh = read(out);
        Map<String, String> committed = read(Path.of("src/generated/java"));
        assertEquals(fresh.keySet(), committed.keySet(), "generated files differ from src/generated/java: run make generate");
        fresh.forEach((file, text) -> assertEquals(text, committed.get(file), file + " differs from the migrations: run make generate"));
    }

    private static Map<String, String> read(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
