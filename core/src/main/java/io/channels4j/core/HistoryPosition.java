package io.channels4j.core;

import java.util.Objects;

/**
 * Where a message sits in its group's history, as Centrifugo's stream position: {@code offset} grows by exactly 1
 * per message in the group, and {@code epoch} changes whenever the history lost its continuity (its store was
 * wiped), so an offset is only comparable within one epoch.
 *
 * <p>A layer stamps every message sent to a group that keeps history with the fields {@value #OFFSET} and
 * {@value #EPOCH} (replacing fields of those names).
 *
 * @param offset the message's offset, from 1; 0 for "before the first message"
 * @param epoch the history's epoch
 */
public record HistoryPosition(long offset, String epoch) {
    /** The field a stamped message carries its offset in. */
    public static final String OFFSET = "offset";
    /** The field a stamped message carries its epoch in. */
    public static final String EPOCH = "epoch";

    /** Checks the values. */
    public HistoryPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("A history offset is 0 or more, got " + offset + ".");
        }
    }

    /** The position a layer stamped on {@code message}; null when it has none (its group keeps no history). */
    public static HistoryPosition of(Message message) {
        if (message.get(OFFSET) instanceof Number offset && message.get(EPOCH) instanceof String epoch) {
            return new HistoryPosition(offset.longValue(), epoch);
        }
        return null;
    }

    /** {@code message} with this position's fields. */
    public Message stamp(Message message) {
        return message.with(OFFSET, offset).with(EPOCH, epoch);
    }
}
