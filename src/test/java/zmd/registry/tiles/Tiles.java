package zmd.registry.tiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.TestServer;
import zmd.registry.geo.Spatial;

/** HTTP with bytes (tiles are binary) and the places of demo features, for the tile tests. */
final class Tiles {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Tiles() {
    }

    record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return TestServer.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(text(), e);
            }
        }

        Map<String, Mvt.Layer> layers() {
            if (status != 200) {
                throw new AssertionError("HTTP " + status + ": " + text());
            }
            return Mvt.decode(body);
        }
    }

    static Response get(TestServer server, String path, String key) {
        return get(server, path, key, null);
    }

    static Response get(TestServer server, String path, String key, String ifNoneMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A point inside the first row matching (lon, lat, EPSG:4490): its centroid, or a point on it when the centroid is not. */
    static double[] pointOn(TestServer server, Table<?> table, Field<Geometry> geom, Condition where) {
        Field<Geometry> p = org.jooq.impl.DSL.function("ST_PointOnSurface", Spatial.GEOMETRY, geom);
        Record r = server.db.database().dsl().select(org.jooq.impl.DSL.function("ST_X", Double.class, p),
                org.jooq.impl.DSL.function("ST_Y", Double.class, p)).from(table).where(where).limit(1).fetchSingle();
        return new double[] {r.get(0, Double.class), r.get(1, Double.class)};
    }

    /** The path of the tile of zoom z containing (lon, lat): {prefix}/{tms}/{z}/{y}/{x}. */
    static String tilePath(String prefix, TileMatrixSet t, int z, double[] lonLat) {
        long[] xy = t.tileOf(z, lonLat[0], lonLat[1]);
        return prefix + "/" + t.id() + "/" + z + "/" + xy[1] + "/" + xy[0];
    }

    /** Where (lon, lat) falls in the tile of zoom z, in the tile's 4096 grid (x right, y down). */
    static double[] inTile(TileMatrixSet t, int z, double[] lonLat) {
        long[] xy = t.tileOf(z, lonLat[0], lonLat[1]);
        double[] b = t.lonLatBounds(z, xy[0], xy[1]);
        double fx = (lonLat[0] - b[0]) / (b[2] - b[0]);
        double fy;
        if (t == TileMatrixSet.WORLD_CRS84_QUAD) {
            fy = (b[3] - lonLat[1]) / (b[3] - b[1]);
        } else {
            fy = (merc(b[3]) - merc(lonLat[1])) / (merc(b[3]) - merc(b[1]));
        }
        return new double[] {fx * 4096, fy * 4096};
    }

    private static double merc(double lat) {
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
    }
}
