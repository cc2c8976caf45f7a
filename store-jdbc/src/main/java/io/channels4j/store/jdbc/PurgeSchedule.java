package io.channels4j.store.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's periodic purge of expired sessions: one daemon thread, started with the store and stopped
 * with it. A failing purge is logged once until one succeeds again, and is tried again at the next turn.
 */
final class PurgeSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcSessionStore.class);
    private final ScheduledExecutorService executor;
    private final Runnable purge;
    private boolean failing; // only the executor's thread reads and writes it

    private PurgeSchedule(Runnable purge, Duration interval) {
        this.purge = purge;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "channels4j-session-purge");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Purges every {@code interval}, the first time one interval from now. */
    static PurgeSchedule every(Duration interval, Runnable purge) {
        return new PurgeSchedule(purge, interval);
    }

    private void runOnce() {
        try {
            purge.run();
            if (failing) {
                log.info("Purging expired sessions works again.");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Purging expired sessions failed (will retry): {}", e.getMessage());
                failing = true;
            }
        }
    }

    /** Stops the schedule, waiting for a purge under way to end. */
    @Override
    public void close() {
        // not shutdownNow: an interrupt inside H2's file IO closes its file channel under the other connections
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
