package zmd.registry.db;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a text column that holds one of a few known codes (a status, a kind, a method) as the code's constant,
 * matched on the driver's UTF-8 bytes: no String is decoded (and, for an enum, looked up by name) per row, four
 * per row of a feed page.
 */
public final class Codes<T> {
    private final byte[][] encoded;
    private final List<T> values;
    private final Function<String, T> other;

    private Codes(List<T> values, Function<T, String> code, Function<String, T> other) {
        this.values = List.copyOf(values);
        this.encoded = this.values.stream().map(v -> code.apply(v).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.other = other;
    }

    /** An enum's constants by name; a text that is none of them is refused, as {@link Enum#valueOf} would. */
    public static <E extends Enum<E>> Codes<E> of(Class<E> type) {
        return new Codes<>(List.of(type.getEnumConstants()), Enum::name, text -> Enum.valueOf(type, text));
    }

    /** Known texts, each read as the same String; any other text is read as it is. */
    public static Codes<String> of(List<String> texts) {
        return new Codes<>(texts, Function.identity(), Function.identity());
    }

    /** The column's code, or null for SQL NULL. */
    public T read(ResultSet rs, int column) throws SQLException {
        byte[] raw = rs.getBytes(column);
        if (raw == null) {
            return null;
        }
        for (int i = 0; i < encoded.length; i++) {
            if (Arrays.equals(raw, encoded[i])) {
                return values.get(i);
            }
        }
        return other.apply(new String(raw, StandardCharsets.UTF_8));
    }
}
