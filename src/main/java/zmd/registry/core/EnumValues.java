package zmd.registry.core;

/** Codes callers send for a Java enum (GraphQL's own enums refuse unknown ones first; other protocols rely on this). */
public final class EnumValues {
    private EnumValues() {
    }

    /** The constant named, else BAD_USER_INPUT on {@code field} saying what the value should be. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String field, String what) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RegistryException.badInput(field, field + " " + Texts.quoted(name) + " is not " + what);
        }
    }
}
