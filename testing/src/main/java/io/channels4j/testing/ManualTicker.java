package io.channels4j.testing;

import io.channels4j.core.presence.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Ticker} that ticks only when a test calls {@link #tick()}: with a {@link ManualClock}, timed work
 * (grace periods, heartbeats, throttling) is tested without waiting.
 * <pre>
 * clock.advance(Duration.ofSeconds(6));
 * ticker.tick();
 * </pre>
 */
public final class ManualTicker implements Ticker {
    private final List<Runnable> ticks = new CopyOnWriteArrayList<>();

    @Override
    public Ticks start(Runnable tick, Duration period) {
        ticks.add(tick);
        return () -> ticks.remove(tick);
    }

    /** Runs every started, not yet stopped tick once, on the calling thread. */
    public void tick() {
        ticks.forEach(Runnable::run);
    }
}
