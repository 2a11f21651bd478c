package zmd.registry.auction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move forward, so bidding windows can open and close without waiting. */
final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    MutableClock(Instant start, ZoneId zone) {
        this.now = new AtomicReference<>(start);
        this.zone = zone;
    }

    void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new MutableClockView(this, other);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** The same instant seen in another zone. */
    private static final class MutableClockView extends Clock {
        private final MutableClock base;
        private final ZoneId zone;

        MutableClockView(MutableClock base, ZoneId zone) {
            this.base = base;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new MutableClockView(base, other);
        }

        @Override
        public Instant instant() {
            return base.instant();
        }
    }
}
