package zmd.registry.core;

import java.time.OffsetDateTime;

/** The {@code asOf} instant of a read of the register as it was: any instant up to now. */
public final class AsOf {
    private AsOf() {
    }

    /** The instant, refused if it is in the future (the register cannot be read as of a time it has not reached). */
    public static OffsetDateTime past(OffsetDateTime at, String field) {
        if (at != null && at.isAfter(OffsetDateTime.now())) {
            throw RegistryException.badInput(field, field + " " + at + " is in the future; omit it for the register as it is now");
        }
        return at;
    }
}
