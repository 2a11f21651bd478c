package zmd.registry.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The staff map at {@code /map}: a page, its script and its style, read once from the jar (resources/map/)
 * like GraphiQL's page. OpenLayers and proj4 come from their webjars under /webjars/: nothing is loaded from
 * the internet. The page holds no data; it asks /graphql and the OGC tiles with the key the user enters.
 */
final class MapPage {
    private record Asset(String contentType, byte[] bytes) {
    }

    private static final Map<String, String> FILES = Map.of(
            "/map", "index.html",
            "/map/map.js", "map.js",
            "/map/map.css", "map.css");

    private MapPage() {
    }

    static void routes(JavalinConfig config) {
        FILES.forEach((path, file) -> {
            Asset asset = new Asset(contentType(file), read("/map/" + file));
            config.routes.get(path, ctx -> serve(ctx, asset));
        });
    }

    private static void serve(Context ctx, Asset asset) {
        // Small files that change with each release: the browser asks again (a 304 costs next to nothing locally).
        ctx.header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .contentType(asset.contentType()).result(asset.bytes());
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }

    private static byte[] read(String path) {
        try (InputStream in = MapPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(path + " unreadable", e);
        }
    }
}
