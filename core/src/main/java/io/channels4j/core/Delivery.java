package io.channels4j.core;

import java.util.Objects;

/**
 * What may happen to an outgoing WebSocket message when its client cannot keep up. Every connection has a
 * bounded outbound buffer (see the server's settings); this says what happens when it is full.
 * <ul>
 *   <li>{@link #RELIABLE} (the default): never dropped; a client whose buffer overflows is disconnected with 1008.</li>
 *   <li>{@link #latest(String)}: conflated; while the buffer is full, a newer message with the same key
 *       replaces an unsent older one (prices, presence, progress).</li>
 *   <li>{@link #VOLATILE}: dropped when the buffer is full (typing indicators, cursors).</li>
 * </ul>
 */
public final class Delivery {
    /** Never dropped; a client that cannot keep up is disconnected. */
    public static final Delivery RELIABLE = new Delivery("reliable", null);
    /** Dropped while the client's buffer is full. */
    public static final Delivery VOLATILE = new Delivery("volatile", null);

    private final String kind;
    private final String key;

    private Delivery(String kind, String key) {
        this.kind = kind;
        this.key = key;
    }

    /** Conflated by {@code key}: only the newest unsent message per key is kept while the buffer is full. */
    public static Delivery latest(String key) {
        return new Delivery("latest", Objects.requireNonNull(key, "key"));
    }

    /** Whether this is {@link #RELIABLE}. */
    public boolean reliable() {
        return this == RELIABLE;
    }

    /** Whether this is {@link #VOLATILE}. */
    public boolean isVolatile() {
        return this == VOLATILE;
    }

    /** The conflation key, or null unless this is {@link #latest(String)}. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Delivery that && that.kind.equals(kind) && Objects.equals(that.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, key);
    }

    @Override
    public String toString() {
        return key == null ? "Delivery." + kind.toUpperCase() : "Delivery.latest(" + key + ")";
    }
}
