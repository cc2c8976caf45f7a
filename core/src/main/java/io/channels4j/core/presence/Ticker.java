package io.channels4j.core.presence;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What drives presence's timed work (heartbeats, sweeps, grace periods, count throttling). The default runs a
 * daemon thread owned by the tracker; tests pass a ticker they drive by hand, together with a clock they move.
 */
@FunctionalInterface
public interface Ticker {
    /** Calls {@code tick} about every {@code period} until the returned handle is closed. */
    Ticks start(Runnable tick, Duration period);

    /** A running ticker; closing it stops the ticks. */
    interface Ticks extends AutoCloseable {
        @Override
        void close();
    }

    /** A ticker on its own daemon thread, stopped with its {@link Ticks}. */
    static Ticker scheduled() {
        return (tick, period) -> {
            ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "channels4j-presence");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            return timer::shutdownNow;
        };
    }
}
