package io.channels4j.core.presence;

import io.channels4j.core.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Presence events decided under the tracker's lock and handed to consumers after it is released, in the order
 * they were decided: a consumer's handler may run inline on the delivering thread, and must not run holding it.
 */
final class Outbox implements BiConsumer<String, Message> {
    private final ConcurrentLinkedQueue<Map.Entry<String, Message>> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final BiConsumer<String, Message> sink;

    Outbox(BiConsumer<String, Message> sink) {
        this.sink = sink;
    }

    /** Queues an event for a channel; called under the tracker's lock. */
    @Override
    public void accept(String channel, Message event) {
        events.add(Map.entry(channel, event));
    }

    /** Delivers what is queued, unless another thread is already at it (then that thread delivers it, in order). */
    void flush() {
        while (!events.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Map.Entry<String, Message> next;
                while ((next = events.poll()) != null) {
                    sink.accept(next.getKey(), next.getValue());
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
