package io.channels4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Sender NO_REPLIES = event -> log.warn("A worker consumer sent {}, but workers have no client to send to.", event.type());

    private final List<Listener> listeners = new ArrayList<>();

    private Worker(ChannelLayer layer, Application application, List<String> channels) {
        for (String channel : channels) {
            ChannelNames.requireValidChannel(channel);
            listeners.add(new Listener(layer, application, channel));
        }
    }

    /** Starts consuming {@code channels}, one listener thread each. */
    public static Worker start(ChannelLayer layer, Application application, String... channels) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(application, "application");
        if (channels.length == 0) {
            throw new IllegalArgumentException("A worker needs at least one channel name to consume.");
        }
        Worker worker = new Worker(layer, application, List.of(channels));
        worker.listeners.forEach(Listener::start);
        return worker;
    }

    /** Stops reading; messages already handed to consumers finish. */
    @Override
    public void close() {
        listeners.forEach(Listener::stop);
    }

    private static final class Listener implements Runnable {
        private final ChannelLayer layer;
        private final String channel;
        private final ApplicationInstance instance;
        private final Thread thread;
        private volatile boolean stopped;
        private volatile CompletableFuture<Message> waiting;

        Listener(ChannelLayer layer, Application application, String channel) {
            this.layer = layer;
            this.channel = channel;
            Scope scope = Scope.builder(Scope.Type.CHANNEL).channel(channel).build();
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

        @Override
        public void run() {
            while (!stopped) {
                try {
                    CompletableFuture<Message> next = layer.receive(channel);
                    waiting = next;
                    deliver(next.get());
                } catch (InterruptedException | CancellationException e) {
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    log.warn("Worker could not read channel '{}': {}; retrying in 1 s", channel, cause.toString());
                    if (!pause(Duration.ofSeconds(1))) {
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
            if (!(instance instanceof MessageListener)) {
                instance.receive(message);
                return;
            }
            MessageListener listener = (MessageListener) instance;
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
