package io.channels4j.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's mailbox: server events and layer messages queue here and run one at a time, in arrival
 * order, on the handler executor. No lock is held while a handler runs or sends.
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
            enqueue(event);
        }
    }

    @Override
    public boolean offer(Message message) {
        if (done) {
            return true; // the consumer has ended; its subscription is being freed
        }
        if (pendingMessages.incrementAndGet() > capacity) {
            pendingMessages.decrementAndGet();
            return false;
        }
        enqueue(new QueuedMessage(message, System.nanoTime()));
        return true;
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
        return item instanceof QueuedMessage && handlers.nonBlocking(((QueuedMessage) item).message.type());
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
        if (item instanceof QueuedMessage) {
            QueuedMessage queued = (QueuedMessage) item;
            pendingMessages.decrementAndGet();
            if (System.nanoTime() - queued.queuedAt > expiryNanos) {
                log.warn("{} on {} dropped layer message '{}': it waited longer than the layer's expiry", consumer.name(),
                        consumer.scope().path(), queued.message.type());
                return;
            }
            event = queued.message;
        } else {
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

    private static final class QueuedMessage {
        final Message message;
        final long queuedAt;

        QueuedMessage(Message message, long queuedAt) {
            this.message = message;
            this.queuedAt = queuedAt;
        }
    }
}
