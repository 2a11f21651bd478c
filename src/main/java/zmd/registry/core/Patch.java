package zmd.registry.core;

import java.util.function.Consumer;

/**
 * One field of a change: absent (the field keeps its value) or given, where a given null clears it. Optional cannot
 * say this, having no "given as null"; a null Patch is not a third state either: every field of a change holds one.
 * Whether a field may be cleared is the service's rule, not this type's.
 */
public record Patch<T>(boolean given, T value) {
    private static final Patch<?> ABSENT = new Patch<>(false, null);

    public Patch {
        if (!given && value != null) {
            throw new IllegalArgumentException("an absent field has no value");
        }
    }

    @SuppressWarnings("unchecked")
    public static <T> Patch<T> absent() {
        return (Patch<T>) ABSENT;
    }

    /** The field set to {@code value}; null clears it. */
    public static <T> Patch<T> of(T value) {
        return new Patch<>(true, value);
    }

    /** The given value, else {@code current}. */
    public T orElse(T current) {
        return given ? value : current;
    }

    public void ifGiven(Consumer<? super T> action) {
        if (given) {
            action.accept(value);
        }
    }
}
