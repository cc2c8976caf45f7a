package io.channels4j.core;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application that makes one consumer per connection (Channels' {@code as_asgi()}); get one from
 * {@link ConsumerFactory#of(Class)}.
 */
public final class ConsumerApplication implements Application {
    private static final Logger log = LoggerFactory.getLogger(ConsumerApplication.class);

    private final String name;
    private final Function<Scope, ? extends BaseConsumer> creator;
    private final ChannelLayer layer;
    private final Executor executor;
    private final int capacity;
    private final long expiryNanos;
    private final boolean inline;

    private ConsumerApplication(String name, Function<Scope, ? extends BaseConsumer> creator, ChannelLayer layer, Executor executor,
                                boolean inline) {
        this.name = Objects.requireNonNull(name, "name");
        this.creator = Objects.requireNonNull(creator, "creator");
        this.layer = layer;
        this.executor = executor; // null: the executor of the server or worker that built the scope
        this.capacity = layer == null ? ChannelLayer.DEFAULT_CAPACITY : layer.capacity();
        this.expiryNanos = (layer == null ? ChannelLayer.DEFAULT_EXPIRY : layer.expiry()).toNanos();
        this.inline = inline;
    }

    /**
     * An application whose consumers {@code creator} makes, one per connection.
     *
     * @param name the consumer's name, for logs and routing's {@code toString()}
     * @param layer the channel layer, or null for consumers that need none
     */
    public static ConsumerApplication of(String name, Function<Scope, ? extends BaseConsumer> creator, ChannelLayer layer) {
        return new ConsumerApplication(name, creator, layer, null, false);
    }

    /** An application for consumers of {@code type}; a {@link NonBlocking} type runs its handlers inline. */
    static ConsumerApplication of(Class<? extends BaseConsumer> type, Function<Scope, ? extends BaseConsumer> creator, ChannelLayer layer) {
        return new ConsumerApplication(type.getSimpleName(), creator, layer, null, type.isAnnotationPresent(NonBlocking.class));
    }

    /**
     * The same consumers, with handlers run by {@code executor} instead of the scope's {@link HandlerExecutor}; a
     * {@link NonBlocking} consumer stays inline.
     */
    public ConsumerApplication withExecutor(Executor executor) {
        return new ConsumerApplication(name, creator, layer, Objects.requireNonNull(executor, "executor"), inline);
    }

    @Override
    public ApplicationInstance open(Scope scope, Sender sender) {
        BaseConsumer consumer;
        try {
            consumer = Objects.requireNonNull(creator.apply(scope), "the consumer factory returned null");
        } catch (RuntimeException | LinkageError e) {
            log.error("Could not create {} for {}", name, scope, e);
            return Application.rejecting(500, "Internal Server Error").open(scope, sender);
        }
        ConsumerInstance instance = new ConsumerInstance(consumer, executor != null ? executor : HandlerExecutor.of(scope), capacity, expiryNanos, inline);
        consumer.bind(instance, scope, sender, layer);
        if (layer != null) {
            try {
                instance.subscribe(layer);
            } catch (RuntimeException e) {
                log.error("{} for {} could not get a channel from {}", name, scope, layer, e);
                return Application.rejecting(503, "Service Unavailable").open(scope, sender);
            }
        }
        return instance;
    }

    @Override
    public String toString() {
        return name;
    }
}
