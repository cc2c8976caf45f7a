package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Worker;
import io.channels4j.routing.ChannelNameRouter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/** The app's background work: the task worker, and the channel layer's lifetime. */
@Singleton
final class Background implements AutoCloseable {
    private final ChannelLayer layer;
    private final ChannelNameRouter workers;
    private Worker worker;

    @Inject
    Background(ChannelLayer layer, ConsumerFactory consumers) {
        this.layer = layer;
        this.workers = ChannelNameRouter.of(Map.of(TasksConsumer.CHANNEL, consumers.of(TaskWorker.class)));
    }

    /** Runs the task worker inside this process. */
    synchronized void start() {
        startWorker(TasksConsumer.CHANNEL);
    }

    /** Consumes {@code channels} in this process. */
    synchronized void startWorker(String... channels) {
        if (worker == null) {
            worker = Worker.start(layer, workers, channels);
        }
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
        layer.close();
    }
}
