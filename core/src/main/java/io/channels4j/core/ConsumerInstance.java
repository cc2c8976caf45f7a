package io.channels4j.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's mailbox: server events and layer messages queue here and run one at a time, in arrival
 * order, on the handler executor. No lock is held while a handler runs or sends.
 *
 * <p>Both kinds are bounded, and nothing is lost silently. Client messages: past half the layer's capacity
 * unhandled, the server is asked to stop reading the socket ({@link Event.WebsocketPause}) until they are
 * handled, so a client sending a burst is slowed down by TCP; this also keeps a burst sender's own copies of
 * its room's messages from being crowded out by its frames. Layer messages: past the capacity, the handler's
 * policy decides: conflated ({@link Latest}), dropped ({@link Volatile}), else the WebSocket is closed with
 * 1008 as a client too slow for its outbound buffer is; a message not taken is refused to the layer, which
 * counts and reports it.
 */
final class ConsumerInstance implements ApplicationInstance, MessageListener, Runnable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerInstance.class);
    private static final int BATCH = 64;

    private final BaseConsumer consumer;
    private final Executor executor;
    private final boolean inline;
    private final HandlerTable handlers;
    private volatile boolean runningInline;
    private final int capacity;
    private final long expiryNanos;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger pendingMessages = new AtomicInteger();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final int maxFrames;
    private volatile boolean paused; // changed under flowLock, which keeps pause and resume in order
    private final Object flowLock = new Object();
    private volatile boolean tooSlow;
    private final Map<String, QueuedMessage> latest; // the unhandled message per conflation key; null without @Latest handlers
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile ChannelSubscription subscription;
    private volatile Thread running;
    private volatile boolean done;

    ConsumerInstance(BaseConsumer consumer, Executor executor, int capacity, long expiryNanos, boolean inline) {
        this.consumer = consumer;
        this.executor = executor;
        this.inline = inline;
        this.handlers = HandlerTable.of(consumer.getClass());
        this.capacity = capacity;
        this.expiryNanos = expiryNanos;
        this.maxFrames = Math.max(1, capacity / 2); // below the capacity: a burst sender's own copies queue behind at most this many frames
        this.latest = handlers.anyLatest() ? new ConcurrentHashMap<>() : null;
    }

    void subscribe(ChannelLayer layer) {
        subscription = layer.subscribe(this);
    }

    String channelName() {
        ChannelSubscription sub = subscription;
        return sub == null ? null : sub.channel();
    }

    @Override
    public void receive(Event event) {
        if (!done) {
            if (event instanceof Event.WebsocketReceive && pendingFrames.incrementAndGet() >= maxFrames) {
                adjustFlow();
            }
            enqueue(event);
        }
    }

    @Override
    public boolean offer(Message message) {
        if (done) {
            return true; // the consumer has ended; its subscription is being freed
        }
        if (tooSlow) {
            return false; // it is being closed: what it cannot send is refused, and so counted by the layer
        }
        if (pendingMessages.incrementAndGet() > capacity) {
            pendingMessages.decrementAndGet();
            return overflow(message);
        }
        queue(message, latest == null ? null : handlers.overflow(message.type()).key(message));
        return true;
    }

    private void queue(Message message, String key) {
        QueuedMessage queued = new QueuedMessage(message, System.nanoTime(), key);
        if (key != null) {
            latest.put(key, queued);
        }
        enqueue(queued);
    }

    // the mailbox holds `capacity` unhandled layer messages: the handler's policy decides, as a Delivery does outbound
    private boolean overflow(Message message) {
        HandlerTable.Overflow policy = handlers.overflow(message.type());
        String key = policy.key(message);
        if (key != null) {
            QueuedMessage unhandled = latest.get(key);
            if (unhandled == null || !unhandled.replace(message, System.nanoTime())) {
                pendingMessages.incrementAndGet(); // nothing of this key waits: past the capacity by at most one per key
                queue(message, key);
            }
            return true;
        }
        if (!policy.dropped() && consumer instanceof WebsocketConsumer) {
            closeTooSlow();
        }
        return false; // the layer counts it and reports it at warning
    }

    private void closeTooSlow() {
        synchronized (flowLock) {
            if (tooSlow) {
                return;
            }
            tooSlow = true;
        }
        log.warn("Closing {} on {} with 1008: {} layer messages (the layer's capacity) and {} client messages wait unhandled, and a"
                + " reliable layer message did not fit; make its handlers faster, raise the layer's capacity, or mark droppable"
                + " handlers @Volatile", consumer.name(), consumer.scope().path(), capacity, pendingFrames.get());
        consumer.emit(new Event.WebsocketClose(CloseCodes.POLICY_VIOLATION, "consumer too slow: mailbox full"));
    }

    // pause and resume are decided and sent under one lock, so the server sees them in the order they were decided
    private void adjustFlow() {
        synchronized (flowLock) {
            if (!paused && pendingFrames.get() >= maxFrames && !done) {
                paused = true;
                consumer.emit(Event.WebsocketPause.INSTANCE);
            }
            // the handler may have caught up before `paused` was set, and then not have looked: look again
            if (paused && pendingFrames.get() <= maxFrames / 2) {
                paused = false;
                consumer.emit(Event.WebsocketResume.INSTANCE);
            }
        }
    }

    private void enqueue(Object item) {
        queue.offer(item);
        if (pending.getAndIncrement() == 0) {
            // @NonBlocking: messages run on the delivering thread, still one at a time; connect and disconnect
            // (joining and leaving groups, which may be a Redis round trip) stay on the executor
            if (mayRunInline(item)) {
                runInline();
            } else if (HandOver.claim()) {
                drain(false); // this thread prepared the connection and may block: one thread switch fewer per handshake
            } else {
                schedule();
            }
        }
    }

    private boolean mayRunInline(Object item) {
        if (inline && (item instanceof Event.WebsocketReceive || item instanceof QueuedMessage)) {
            return true;
        }
        return item instanceof QueuedMessage queued && handlers.nonBlocking(queued.message.type());
    }

    // the delivering thread runs the handlers; it is not ours, so its interrupt state is left as it was
    private void runInline() {
        drain(true);
    }

    private void schedule() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            log.error("Handler executor refused {} for {}; dropping its events", consumer.name(), consumer.scope(), e);
            end();
        }
    }

    @Override
    public void run() {
        drain(false);
    }

    private void drain(boolean inlineNow) {
        Thread self = Thread.currentThread();
        running = self;
        runningInline = inlineNow;
        try {
            for (int handled = 0; ; handled++) {
                if (handled == BATCH) {
                    schedule(); // let other connections' handlers run; this mailbox stays scheduled
                    return;
                }
                if (inlineNow && !mayRunInline(queue.peek())) {
                    schedule(); // what may block goes back to the executor, in order; this mailbox stays scheduled
                    return;
                }
                handle(queue.poll());
                if (pending.decrementAndGet() == 0) {
                    return;
                }
            }
        } finally {
            if (running == self) {
                running = null; // unless a drain it handed over to has already started
            }
            if (!inlineNow) {
                Thread.interrupted(); // an interrupt meant for one handler must not leak into the next task
            }
        }
    }

    private void handle(Object item) {
        if (done) {
            return;
        }
        Event event;
        if (item instanceof QueuedMessage queued) {
            pendingMessages.decrementAndGet();
            Message message = queued.take(latest);
            if (tooSlow) {
                return; // its socket is closing with 1008: the client knows it missed messages
            }
            if (System.nanoTime() - queued.queuedAt > expiryNanos) {
                log.warn("{} on {} dropped layer message '{}': it waited longer than the layer's expiry", consumer.name(),
                        consumer.scope().path(), message.type());
                return;
            }
            event = message;
        } else {
            if (item instanceof Event.WebsocketReceive && pendingFrames.decrementAndGet() <= maxFrames / 2 && paused) {
                adjustFlow();
            }
            event = (Event) item;
        }
        try {
            consumer.onEvent(event);
        } catch (Throwable t) {
            log.error("{} failed on {} handling {}", consumer.name(), consumer.scope(), event.type(), t);
        }
    }

    /** Called once by the consumer when it has handled its last event. */
    void end() {
        if (done) {
            return;
        }
        done = true;
        ChannelSubscription sub = subscription;
        if (sub != null) {
            try {
                sub.close();
            } catch (RuntimeException e) {
                log.warn("Could not free channel of {} on {}", consumer.name(), consumer.scope(), e);
            }
        }
        finished.complete(null);
    }

    boolean isDone() {
        return done;
    }

    @Override
    public CompletionStage<Void> finished() {
        return finished;
    }

    @Override
    public void interrupt() {
        Thread thread = running;
        if (thread != null && !done && !runningInline) { // an inline handler runs on a thread that is not ours to interrupt
            log.warn("Interrupting {} on {}: its handler was still running when the shutdown grace period ended", consumer.name(), consumer.scope());
            thread.interrupt();
        }
    }

    @Override
    public String toString() {
        return consumer.name();
    }
}
