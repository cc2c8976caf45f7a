package io.channels4j.server.undertow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * Writes that other threads hand to an IO thread, one queue per IO thread. A group message delivered from a
 * handler thread to a thousand sockets would otherwise post a thousand tasks (and wake-ups) to the IO threads,
 * one per frame; through the outbox each IO thread is woken once and writes every queued frame itself.
 */
final class IoOutboxes {
    private static final Logger log = LoggerFactory.getLogger(IoOutboxes.class);

    private final Map<XnioIoThread, Outbox> byThread = new ConcurrentHashMap<>();

    Outbox of(XnioIoThread thread) {
        return byThread.computeIfAbsent(thread, Outbox::new);
    }

    /** One IO thread's queue of writes, drained on that thread in the order they were queued. */
    static final class Outbox implements Runnable {
        private final XnioIoThread thread;
        private final ConcurrentLinkedQueue<Runnable> writes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        private Outbox(XnioIoThread thread) {
            this.thread = thread;
        }

        void add(Runnable write) {
            writes.add(write);
            if (scheduled.compareAndSet(false, true)) {
                thread.execute(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false); // a write queued from now on schedules another run; those queued before are drained here
            Runnable write;
            while ((write = writes.poll()) != null) {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    log.warn("A queued WebSocket write failed; the others go on", e); // one bad socket must not stall the rest
                }
            }
        }
    }
}
