package io.channels4j.core;

import java.util.HashMap;
import java.util.Map;

/**
 * A consumer's last replayed offset per history epoch, so that live messages that were also in the history it
 * replayed are skipped: the consumer joined the group before reading the history (no gap), and a message sent
 * meanwhile reaches it twice (this removes the duplicate). Used on the handler thread only.
 */
final class Replays {
    // an epoch names one group's history, so it is key enough
    private final Map<String, Long> delivered = new HashMap<>();

    /** Whether {@code message} is new to the consumer; records its offset when it is. */
    boolean fresh(Message message) {
        if (delivered.isEmpty()) {
            return true;
        }
        HistoryPosition position = HistoryPosition.of(message);
        if (position == null) {
            return true;
        }
        Long last = delivered.get(position.epoch());
        if (last == null) {
            return true;
        }
        if (position.offset() <= last) {
            return false;
        }
        delivered.put(position.epoch(), position.offset());
        return true;
    }

    /** Marks everything up to {@code position} delivered. */
    void delivered(HistoryPosition position) {
        delivered.merge(position.epoch(), position.offset(), Math::max);
    }
}
