package io.channels4j.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, so anything timed is tested without waiting. */
public final class ManualClock extends Clock {
    private volatile Instant now;

    /** A clock that starts now. */
    public ManualClock() {
        this(Instant.now());
    }

    /** A clock that starts at {@code start}, for tests that reason about fixed dates. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
