package zmd.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * GraphiQL in a real headless Chromium (Debian's, installed by scripts/ensure-deps.sh), driven over the DevTools
 * protocol: /graphiql loads its bundled assets, fetches the schema by introspection, and the docs explorer shows
 * the Query type's fields. A screenshot is left in target/graphiql-docs.png for a human. The browser: {@link Chromium}.
 */
class GraphiqlBrowserTest {
    /** Opens the docs pane, then the Query type, and says how far it got. */
    private static final String STEP = """
            (() => {
              const docs = document.querySelector('.graphiql-doc-explorer');
              if (!docs) {
                const open = document.querySelector('[aria-label="Show Documentation Explorer"]');
                if (open) open.click();
                return 'opening';
              }
              if (docs.innerText.includes('mineParcels')) return 'shown';
              const query = [...docs.querySelectorAll('a')].find(a => a.textContent.trim() === 'Query');
              if (query) { query.click(); return 'query'; }
              return 'waiting: ' + docs.innerText.slice(0, 200);
            })()""";

    @Test
    void theDocsExplorerShowsTheSchema() throws Exception {
        try (TestServer server = TestServer.empty(); Chromium page = Chromium.open(server.url("/graphiql"))) {
            String state = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!state.equals("shown") && System.nanoTime() < deadline) {
                Thread.sleep(300);
                state = page.evaluate(STEP).asText();
            }
            byte[] png = page.screenshot();
            Files.write(Path.of("target", "graphiql-docs.png"), png);
            assertEquals("shown", state, "the docs explorer did not show Query.mineParcels");
            String docs = page.evaluate("document.querySelector('.graphiql-doc-explorer').innerText").asText();
            assertTrue(docs.contains("mineParcelByCode"), docs);
            assertTrue(png.length > 10_000, "a screenshot of " + png.length + " bytes");
        }
    }
}
