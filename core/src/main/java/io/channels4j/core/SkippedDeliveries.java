package io.channels4j.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The messages a channel layer could not hand to a member because it was full: counted, and logged at
 * warning at most once per interval for each group (or other place), with how many since the last line,
 * so a flood of skips is visible without filling the log.
 */
public final class SkippedDeliveries {
    /** How often one place is logged at most, by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_PLACES = 10_000; // places that skipped lately; beyond it the quiet ones are forgotten

    private final Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentHashMap<String, Window> places = new ConcurrentHashMap<>();

    /** Logs on {@code log}, each place at most once per {@code interval} of {@code clock}. */
    public SkippedDeliveries(Logger log, Clock clock, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalMillis = interval.toMillis();
    }

    /** Counts {@code count} messages that members of {@code place} (e.g. {@code group 'chat.lobby'}) could not take. */
    public void skipped(String place, int count) {
        total.addAndGet(count);
        long now = clock.millis();
        Window window = places.computeIfAbsent(place, p -> new Window());
        long due;
        synchronized (window) {
            window.unlogged += count;
            if (window.loggedAt != Long.MIN_VALUE && now - window.loggedAt < intervalMillis) {
                return;
            }
            due = window.unlogged;
            window.unlogged = 0;
            window.loggedAt = now;
        }
        log.warn("{} message(s) to {} not delivered since the last report: the member was full. A reliable WebSocket"
                + " consumer is closed with 1008, a @Volatile handler's message and a full queue's are dropped; raise the"
                + " layer's capacity or make the consumer faster", due, place);
        if (places.size() > MAX_PLACES) {
            places.entrySet().removeIf(e -> e.getValue().quietSince(now, intervalMillis));
        }
    }

    /** How many messages were skipped since this was made. */
    public long total() {
        return total.get();
    }

    private static final class Window {
        private long loggedAt = Long.MIN_VALUE; // guarded by this
        private long unlogged; // guarded by this

        synchronized boolean quietSince(long now, long interval) {
            return unlogged == 0 && now - loggedAt >= interval;
        }
    }
}
