package io.channels4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of a group's recent messages its history keeps: at most {@code size} messages, none older than
 * {@code ttl}. Configured per group name or pattern on a layer's builder.
 * <pre>
 * ChannelLayer layer = InMemoryChannelLayer.builder().history("chat.*", HistoryPolicy.keep(100, Duration.ofHours(24))).build();
 * </pre>
 *
 * @param size the most messages kept
 * @param ttl how long a message is kept
 */
public record HistoryPolicy(int size, Duration ttl) {
    /** Checks the bounds. */
    public HistoryPolicy {
        Objects.requireNonNull(ttl, "ttl");
        if (size < 1) {
            throw new IllegalArgumentException("A history keeps at least 1 message, got size " + size + ".");
        }
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("A history keeps messages for at least 1 ms, got " + ttl + ".");
        }
    }

    /** Keeps the last {@code size} messages for {@code ttl}. */
    public static HistoryPolicy keep(int size, Duration ttl) {
        return new HistoryPolicy(size, ttl);
    }
}
