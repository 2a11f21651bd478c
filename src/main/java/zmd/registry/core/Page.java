package zmd.registry.core;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One page of a keyset-paged list. Paging is forward-only; hasPreviousPage says whether a cursor was given. Cursors
 * are encoded only when asked for, and the total count runs its query only when a caller wants it.
 */
public final class Page<T> {
    private final List<T> items;
    private final boolean hasNextPage;
    private final boolean hasPreviousPage;
    private final Function<T, String> cursor;
    private final LongSupplier count;
    private Long totalCount;

    public Page(List<T> items, boolean hasNextPage, boolean hasPreviousPage, Function<T, String> cursor, LongSupplier count) {
        this.items = items;
        this.hasNextPage = hasNextPage;
        this.hasPreviousPage = hasPreviousPage;
        this.cursor = cursor;
        this.count = count;
    }

    public List<T> items() {
        return items;
    }

    public boolean hasNextPage() {
        return hasNextPage;
    }

    public boolean hasPreviousPage() {
        return hasPreviousPage;
    }

    /** The cursor to continue after this item. */
    public String cursor(T item) {
        return cursor.apply(item);
    }

    public String startCursor() {
        return items.isEmpty() ? null : cursor(items.getFirst());
    }

    public String endCursor() {
        return items.isEmpty() ? null : cursor(items.getLast());
    }

    public synchronized long totalCount() {
        if (totalCount == null) {
            totalCount = count.getAsLong();
        }
        return totalCount;
    }
}
