package zmd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.db.TestDatabase;

/** The import command: arguments, exit codes and what it prints. */
class LayerImportCommandTest {
    private static final String FEATURE = "{\"type\":\"Feature\",\"properties\":{\"TBBH\":\"%s\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[114.0,32.6],[114.001,32.6],[114.001,32.601],[114.0,32.601],[114.0,32.6]]]}}\n";

    @Test
    void importsAFileAndReportsRejections(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.geojsonl"), FEATURE.formatted("a") + FEATURE.formatted("b"));
        Path bad = Files.writeString(dir.resolve("bad.geojsonl"), FEATURE.formatted("c") + "{\"type\":\"Feature\",\"geometry\":null}\n");
        try (TestDatabase db = TestDatabase.create()) {
            Registry registry = new Registry(db.database(), dir);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = LayerImportCommand.parse(List.of("--layer", "basic_farmland", "--file", good.toString(), "--version", "v1", "--name", "n"))
                    .run(registry, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("IMPORTED"));

            out.reset();
            code = LayerImportCommand.parse(List.of("--layer", "BASIC_FARMLAND", "--file", bad.toString(), "--version", "v2", "--name", "n",
                    "--srid", "4326", "--repair")).run(registry, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, printed);
            assertTrue(printed.contains("feature #1 (line 2)") && printed.contains("no geometry"), printed);
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> LayerImportCommand.parse(List.of("--layer", "BASIC_FARMLAND")));
        assertThrows(IllegalArgumentException.class, () -> LayerImportCommand.parse(List.of("--layer", "FOREST", "--file", "f", "--version", "v",
                "--name", "n")));
        assertThrows(IllegalArgumentException.class, () -> LayerImportCommand.parse(List.of("--srid", "x")));
        assertThrows(IllegalArgumentException.class, () -> LayerImportCommand.parse(List.of("--bogus", "1")));
    }
}
