package io.channels4j.core;

import java.util.Map;

/** A layer message waiting in a consumer's mailbox; a newer one of its {@link Latest} key may replace it until it is taken. */
final class QueuedMessage {
    volatile Message message; // a newer message of its conflation key may replace it until taken (under this)
    volatile long queuedAt;
    private final String key;
    private boolean taken; // guarded by this

    QueuedMessage(Message message, long queuedAt, String key) {
        this.message = message;
        this.queuedAt = queuedAt;
        this.key = key;
    }

    synchronized boolean replace(Message newer, long now) {
        if (taken) {
            return false;
        }
        message = newer;
        queuedAt = now;
        return true;
    }

    Message take(Map<String, QueuedMessage> latest) {
        if (key != null) {
            latest.remove(key, this);
        }
        synchronized (this) {
            taken = true;
            return message;
        }
    }
}
