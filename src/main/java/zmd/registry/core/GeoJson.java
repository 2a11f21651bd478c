package zmd.registry.core;

import java.nio.charset.StandardCharsets;

/**
 * GeoJSON produced by PostGIS ({@code ST_AsGeoJSON}), as the UTF-8 bytes the driver received. It is written into
 * the response as it is, so geometry is never parsed, decoded or re-encoded by the server.
 */
public record GeoJson(byte[] utf8) {
    /** The GeoJSON of bytes read from a query, or null for SQL NULL (the field is then null, not "null" text). */
    public static GeoJson of(byte[] utf8) {
        return utf8 == null ? null : new GeoJson(utf8);
    }

    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
