package zmd.registry;

import java.time.OffsetDateTime;

/** Instants for tests of the register as of a time. */
public final class Instants {
    private Instants() {
    }

    /** An instant between two writes: the commit times on either side differ from it. */
    public static OffsetDateTime betweenWrites() throws InterruptedException {
        Thread.sleep(30);
        OffsetDateTime t = OffsetDateTime.now();
        Thread.sleep(30);
        return t;
    }
}
