package zmd.registry.core;

import java.util.function.Consumer;

/**
 * One field of a patch as the caller sent it. A patch has to tell "not sent" (keep the stored value) from "sent as
 * null" (clear it), which a nullable field cannot: the first is {@link #absent()}, the second {@code of(null)}.
 * What clearing means, or whether it is allowed, is the service's rule for that field.
 */
public record Patched<T>(boolean sent, T value) {
    private static final Patched<?> ABSENT = new Patched<>(false, null);

    public Patched {
        if (!sent && value != null) {
            throw new IllegalArgumentException("a field that was not sent has no value");
        }
    }

    /** Not sent: the stored value stays. */
    @SuppressWarnings("unchecked")
    public static <T> Patched<T> absent() {
        return (Patched<T>) ABSENT;
    }

    /** Sent with this value; null asks to clear the field. */
    public static <T> Patched<T> of(T value) {
        return new Patched<>(true, value);
    }

    /** Sent as null. */
    public boolean cleared() {
        return sent && value == null;
    }

    /** The value sent, else {@code current}. */
    public T orElse(T current) {
        return sent ? value : current;
    }

    /** Runs {@code action} on the value sent, null included; nothing when absent. */
    public void ifSent(Consumer<? super T> action) {
        if (sent) {
            action.accept(value);
        }
    }
}
