package io.channels4j.sample;

import io.channels4j.core.Application;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.Worker;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The app's background work: the task worker, and the channel layer's lifetime. The worker runs the app's
 * own application, whose {@code channel} routes ({@link SampleRouting}) say which consumer takes a channel.
 */
@Singleton
final class Background implements AutoCloseable {
    private final ChannelLayer layer;
    private Worker worker;

    @Inject
    Background(ChannelLayer layer) {
        this.layer = layer;
    }

    /** Runs the task worker inside this process. */
    synchronized void start(Application application) {
        startWorker(application, TasksConsumer.CHANNEL);
    }

    /** Consumes {@code channels} in this process, with {@code application}'s channel routes. */
    synchronized void startWorker(Application application, String... channels) {
        if (worker == null) {
            worker = Worker.start(layer, application, channels);
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
