package zmd.registry.graphql;

import java.nio.charset.StandardCharsets;

/**
 * GeoJSON produced by PostGIS ({@code ST_AsGeoJSON}), as the UTF-8 bytes the driver received. It is written into
 * the response as it is, so geometry is never parsed, decoded or re-encoded by the server.
 */
public record GeoJson(byte[] utf8) {
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
