package io.channels4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes named channels for background work, as Channels' {@code runworker}: each channel's messages go
 * to one long-lived application instance with a {@code channel} scope, usually through a
 * {@code ChannelNameRouter}.
 * <pre>
 * Worker worker = Worker.start(layer, ChannelNameRouter.of(Map.of("tasks", consumers.of(TaskWorker.class))), "tasks");
 * </pre>
 *
 * <p>A channel whose consumer is busy is not read further until it catches up (at most the layer's
 * capacity waits in the consumer), so a flood of tasks stays in the layer, not in this process's heap.
 * While the layer cannot be read the worker retries every second, logging the outage once and the
 * recovery once. {@link #close()} stops reading, ends every consumer (its {@code disconnect()} runs and
 * its channel is freed) and joins the worker's threads.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Sender NO_REPLIES = event -> log.warn("A worker consumer sent {}, but workers have no client to send to.", event.type());
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final List<Listener> listeners = new ArrayList<>();
    private final HandlerExecutor handlers = HandlerExecutor.start(); // the consumers' handlers run here

    private Worker(ChannelLayer layer, Application application, List<String> channels, Duration retry) {
        try {
            for (String channel : channels) {
                ChannelNames.requireValidChannel(channel);
                listeners.add(new Listener(layer, application, channel, retry, handlers));
            }
        } catch (RuntimeException e) {
            close(); // the channels opened before the bad one end again
            throw e;
        }
    }

    /**
     * Starts consuming {@code channels}, one listener thread each.
     *
     * @throws IllegalArgumentException for an invalid channel name, or none
     * @throws ImproperlyConfiguredException when {@code application} has no route for a channel
     */
    public static Worker start(ChannelLayer layer, Application application, String... channels) {
        return start(layer, application, RETRY, channels);
    }

    static Worker start(ChannelLayer layer, Application application, Duration retry, String... channels) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(application, "application");
        if (channels.length == 0) {
            throw new IllegalArgumentException("A worker needs at least one channel name to consume.");
        }
        Worker worker = new Worker(layer, application, List.of(channels), retry);
        worker.listeners.forEach(Listener::start);
        return worker;
    }

    /**
     * Stops reading, lets the messages already handed to consumers finish, ends the consumers and joins
     * the listener threads (each within 10 s, else logged).
     */
    @Override
    public void close() {
        listeners.forEach(Listener::stop);
        listeners.forEach(Listener::join);
        handlers.close();
    }

    private static final class Listener implements Runnable {
        private final ChannelLayer layer;
        private final String channel;
        private final Duration retry;
        private final ApplicationInstance instance;
        private final Thread thread;
        private volatile boolean stopped;
        private volatile CompletableFuture<Message> waiting;

        Listener(ChannelLayer layer, Application application, String channel, Duration retry, HandlerExecutor handlers) {
            this.layer = layer;
            this.channel = channel;
            this.retry = retry;
            Scope scope = Scope.builder(Scope.Type.CHANNEL).channel(channel).attribute(HandlerExecutor.SCOPE_KEY, handlers).build();
            this.instance = application.open(scope, NO_REPLIES);
            this.thread = new Thread(this, "channels4j-worker-" + channel);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
            log.info("Worker listening on channel '{}'", channel);
        }

        void stop() {
            stopped = true;
            CompletableFuture<Message> current = waiting;
            if (current != null) {
                current.cancel(false);
            }
            thread.interrupt();
        }

        void join() {
            try {
                if (thread.isAlive()) {
                    thread.join(STOP_TIMEOUT.toMillis());
                }
                if (thread.isAlive()) {
                    log.warn("Worker thread for channel '{}' did not stop within {} s", channel, STOP_TIMEOUT.toSeconds());
                }
                // after the listener: the stop comes after every message it handed over
                instance.receive(Event.WorkerStop.INSTANCE);
                instance.finished().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("The consumer of worker channel '{}' did not end within {} s", channel, STOP_TIMEOUT.toSeconds(), e);
            }
        }

        @Override
        public void run() {
            boolean failing = false;
            while (!stopped) {
                try {
                    CompletableFuture<Message> next = layer.receive(channel);
                    waiting = next;
                    Message message = next.get();
                    if (failing) {
                        failing = false;
                        log.info("Worker reads channel '{}' again", channel);
                    }
                    deliver(message);
                } catch (InterruptedException | CancellationException e) {
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    if (!failing) {
                        failing = true; // one line per outage, not one per retry
                        log.warn("Worker could not read channel '{}': {}; retrying every {} ms until it can", channel, cause.toString(),
                                retry.toMillis());
                    } else {
                        log.debug("Worker still cannot read channel '{}': {}", channel, cause.toString());
                    }
                    if (!pause(retry)) {
                        return;
                    }
                }
            }
        }

        private void deliver(Message message) throws InterruptedException {
            if (message.type() == null) {
                log.error("Worker on channel '{}' received a message with no 'type' {}; skipped it", channel, message);
                return;
            }
            if (!(instance instanceof MessageListener listener)) {
                instance.receive(message);
                return;
            }
            long waitMillis = 1;
            while (!listener.offer(message)) {  // the consumer is busy: hold the message here, read no more
                if (!pause(Duration.ofMillis(waitMillis))) {
                    log.warn("Worker on channel '{}' stopped holding one undelivered '{}' message", channel, message.type());
                    return;
                }
                waitMillis = Math.min(waitMillis * 2, 100);
            }
        }

        private boolean pause(Duration duration) {
            try {
                TimeUnit.MILLISECONDS.sleep(duration.toMillis());
                return !stopped;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
