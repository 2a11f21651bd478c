package zmd.registry.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque keyset cursors: base64 of a JSON array (the ordering it belongs to, then the sort keys). */
public final class Cursors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cursors() {
    }

    public static String encode(List<?> values) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cursor of {@code [tag, key]} for a tag of plain letters, digits and underscores: the same text as
     * {@link #encode(List)} without a JSON writer (a change-feed page encodes a hundred).
     */
    public static String encode(String tag, long key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("[\"" + tag + "\"," + key + "]").getBytes(StandardCharsets.UTF_8));
    }

    public static List<?> decode(String cursor, String argument) {
        try {
            List<?> values = JSON.readValue(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), List.class);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return values;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw RegistryException.badInput(argument, argument + " is not a cursor returned by this API");
        }
    }
}
