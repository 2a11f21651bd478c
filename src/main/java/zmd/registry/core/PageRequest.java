package zmd.registry.core;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How many items a caller asked for and after which cursor. The size is checked once here, for every protocol; the
 * cursor stays opaque text until the owning service decodes it, since only it knows its sort keys.
 */
public record PageRequest(int first, String after) {
    public PageRequest {
        if (first < 0) {
            throw new IllegalArgumentException("a page of " + first + " items");
        }
    }

    /** The page sizes a list allows: the default when none is asked for, and the least and most. */
    public record Sizes(int defaultSize, int min, int max) {
        /** {@code first} (or the default when absent) within the sizes, else BAD_USER_INPUT on "first". */
        public PageRequest request(Integer first, String after) {
            int size = first == null ? defaultSize : first;
            if (size < min || size > max) {
                throw RegistryException.badInput("first", "first must be between " + min + " and " + max + ", got " + size);
            }
            return new PageRequest(size, after);
        }
    }

    /** Rows to read: one more than asked, to learn whether another page follows. */
    public int fetch() {
        return first + 1;
    }

    /** The page of rows read with {@link #fetch()} rows at most. */
    public <T> Page<T> page(List<T> rows, Function<T, String> cursor, LongSupplier count) {
        boolean more = rows.size() > first;
        return new Page<>(more ? rows.subList(0, first) : rows, more, after != null, cursor, count);
    }
}
