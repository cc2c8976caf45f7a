package io.channels4j.server.undertow;

import io.channels4j.core.Event;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes and frames a WebSocket has handed to Undertow but the client has not taken yet, and the
 * conflated messages waiting for room. Bounded: past the limits, a message's {@code Delivery} decides.
 */
final class OutboundBuffer {
    /** What to do with a message. */
    enum Verdict { SEND, DROP, CONFLATED, OVERFLOW }

    private final long maxBytes;
    private final int maxFrames;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger frames = new AtomicInteger();
    private Map<String, Event.WebsocketSend> conflated; // guarded by this; made by the first conflated message

    OutboundBuffer(long maxBytes, int maxFrames) {
        this.maxBytes = maxBytes;
        this.maxFrames = maxFrames;
    }

    /** Decides for one message and, when it is to be sent, counts it in. */
    Verdict offer(Event.WebsocketSend send, int size) {
        boolean empty = frames.get() == 0; // a single message larger than the limit still goes out on its own
        if (!empty && (bytes.get() + size > maxBytes || frames.get() + 1 > maxFrames)) {
            if (send.delivery().reliable()) {
                return Verdict.OVERFLOW;
            }
            if (send.delivery().isVolatile()) {
                return Verdict.DROP;
            }
            synchronized (this) {
                if (conflated == null) {
                    conflated = new LinkedHashMap<>();
                }
                conflated.remove(send.delivery().key()); // the newer value goes to the back, replacing the unsent one
                conflated.put(send.delivery().key(), send);
            }
            return Verdict.CONFLATED;
        }
        bytes.addAndGet(size);
        frames.incrementAndGet();
        return Verdict.SEND;
    }

    /** A message left the buffer (written or failed). */
    void release(int size) {
        bytes.addAndGet(-size);
        frames.decrementAndGet();
    }

    /** The oldest conflated message, counted in, if there is room for it now; else null. */
    Event.WebsocketSend nextConflated() {
        synchronized (this) {
            if (conflated == null) {
                return null;
            }
            Iterator<Event.WebsocketSend> it = conflated.values().iterator();
            if (!it.hasNext()) {
                return null;
            }
            Event.WebsocketSend next = it.next();
            int size = next.size();
            if (frames.get() > 0 && (bytes.get() + size > maxBytes || frames.get() + 1 > maxFrames)) {
                return null;
            }
            it.remove();
            bytes.addAndGet(size);
            frames.incrementAndGet();
            return next;
        }
    }

    long bytes() {
        return bytes.get();
    }

    int frames() {
        return frames.get();
    }
}
