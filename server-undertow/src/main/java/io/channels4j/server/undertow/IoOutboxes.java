package io.channels4j.server.undertow;

import io.undertow.websockets.core.WebSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * Writes that other threads hand to an IO thread, one queue per IO thread. A group message delivered from a
 * handler thread to a thousand sockets would otherwise post a thousand tasks (and wake-ups) to the IO threads,
 * one per frame; through the outbox each IO thread is woken once and writes every queued frame itself. The frames
 * one drain writes to a socket leave with one flush, a gathering write, instead of one system call each.
 */
final class IoOutboxes {
    private static final Logger log = LoggerFactory.getLogger(IoOutboxes.class);

    private final Map<XnioIoThread, Outbox> byThread = new ConcurrentHashMap<>();
    private final LongAdder frames = new LongAdder();
    private final LongAdder flushes = new LongAdder();

    Outbox of(XnioIoThread thread) {
        return byThread.computeIfAbsent(thread, Outbox::new);
    }

    /** Frames written from outboxes so far. */
    long frames() {
        return frames.sum();
    }

    /** Socket flushes those frames took: fewer than the frames when drains coalesce them. */
    long flushes() {
        return flushes.sum();
    }

    /** A socket's frames written in this drain and not flushed yet; IO thread only. */
    interface Corked {
        /** Frames written since the socket's last flush. */
        int unflushed();

        /** The socket was flushed: the frames it took are complete, the count starts again. */
        void flushed();
    }

    /** One IO thread's queue of writes, drained on that thread in the order they were queued. */
    final class Outbox implements Runnable {
        // frames of one socket held back at most: they count against its outbound limit until the flush completes them
        private static final int MAX_UNFLUSHED = 64;

        private final XnioIoThread thread;
        private final ConcurrentLinkedQueue<Runnable> writes = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final List<WebSocketChannel> corked = new ArrayList<>(); // on the IO thread only: sockets to flush after the drain
        private final List<Corked> counts = new ArrayList<>();

        private Outbox(XnioIoThread thread) {
            this.thread = thread;
        }

        void add(Runnable write) {
            writes.add(write);
            queued.incrementAndGet();
            if (scheduled.compareAndSet(false, true)) {
                thread.execute(this);
            }
        }

        /**
         * From a queued write, on the IO thread: the socket's frames wait in Undertow's queue until the drain ends,
         * then go out together. Order is kept: Undertow writes its queued frames in the order they were queued.
         */
        void cork(WebSocketChannel ws, Corked count) {
            frames.increment();
            if (!ws.isOpen()) {
                return;
            }
            if (!ws.isRequireExplicitFlush()) {
                ws.setRequireExplicitFlush(true);
                corked.add(ws);
                counts.add(count);
            } else if (count.unflushed() >= MAX_UNFLUSHED) {
                ws.flush(); // the frames so far go out together; a socket that takes them frees its room for the next ones
                flushes.increment();
                count.flushed();
            }
        }

        @Override
        public void run() {
            scheduled.set(false); // a write queued from now on schedules another run; those queued before are drained here
            // only the writes queued so far: under a steady stream from other threads the drain still ends, and flushes
            int batch = queued.get();
            int done = 0;
            Runnable write;
            while (done < batch && (write = writes.poll()) != null) {
                done++;
                try {
                    write.run();
                } catch (RuntimeException e) {
                    log.warn("A queued WebSocket write failed; the others go on", e); // one bad socket must not stall the rest
                }
            }
            queued.addAndGet(-done);
            for (int i = 0; i < corked.size(); i++) {
                WebSocketChannel ws = corked.get(i);
                ws.setRequireExplicitFlush(false); // frames Undertow writes itself (pongs, its close frames) go at once again
                try {
                    ws.flush();
                    counts.get(i).flushed();
                } catch (RuntimeException e) {
                    log.warn("A coalesced WebSocket flush failed; the others go on", e);
                }
                flushes.increment();
            }
            corked.clear();
            counts.clear();
            if (queued.get() > 0 && scheduled.compareAndSet(false, true)) {
                thread.execute(this);
            }
        }
    }
}
