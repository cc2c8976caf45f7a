package io.channels4j.metrics;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Any channel layer, with Micrometer meters: sends, group sends and the time a group send takes to hand
 * the message to every member (for Redis, the round trip), channel-full refusals, messages skipped because
 * their member was full, and layer errors.
 * <pre>
 * ChannelLayer layer = new MeteredChannelLayer(new InMemoryChannelLayer(), registry);
 * </pre>
 */
public final class MeteredChannelLayer implements ChannelLayer {
    private final ChannelLayer layer;
    private final Counter sends;
    private final Timer groupSends;
    private final Counter full;
    private final Counter errors;

    /** Wraps {@code layer}, registering meters in {@code registry}. */
    public MeteredChannelLayer(ChannelLayer layer, MeterRegistry registry) {
        this.layer = layer;
        this.sends = Counter.builder("channels4j.layer.sends").register(registry);
        this.groupSends = Timer.builder("channels4j.layer.group.sends").description("Group sends and how long each took to deliver")
                .publishPercentileHistogram().register(registry);
        this.full = Counter.builder("channels4j.layer.channel.full").register(registry);
        this.errors = Counter.builder("channels4j.layer.errors").description("Layer calls that failed, e.g. Redis unreachable").register(registry);
        FunctionCounter.builder("channels4j.layer.deliveries.skipped", layer, ChannelLayer::skippedDeliveries)
                .description("Messages a member could not take because it was full: each closed its consumer with 1008, or was dropped by policy")
                .register(registry);
    }

    /** The wrapped layer. */
    public ChannelLayer unwrap() {
        return layer;
    }

    @Override
    public void send(String channel, Message message) {
        sends.increment();
        metered(() -> {
            try {
                layer.send(channel, message);
            } catch (io.channels4j.core.ChannelFullException e) {
                full.increment();
                throw e;
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Message> receive(String channel) {
        return metered(() -> layer.receive(channel));
    }

    @Override
    public String newChannel(String prefix) {
        return layer.newChannel(prefix);
    }

    @Override
    public ChannelSubscription subscribe(MessageListener listener) {
        return metered(() -> layer.subscribe(listener));
    }

    @Override
    public void groupAdd(String group, String channel) {
        metered(() -> {
            layer.groupAdd(group, channel);
            return null;
        });
    }

    @Override
    public void groupDiscard(String group, String channel) {
        metered(() -> {
            layer.groupDiscard(group, channel);
            return null;
        });
    }

    @Override
    public void groupSend(String group, Message message) {
        long start = System.nanoTime();
        metered(() -> {
            layer.groupSend(group, message);
            return null;
        });
        groupSends.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public java.util.Optional<io.channels4j.core.presence.PresenceTracker> presenceTracker() {
        return layer.presenceTracker();
    }

    @Override
    public io.channels4j.core.HistoryPolicy historyPolicy(String group) {
        return layer.historyPolicy(group);
    }

    @Override
    public io.channels4j.core.HistoryPage history(String group, io.channels4j.core.HistoryPosition since, int limit) {
        return metered(() -> layer.history(group, since, limit));
    }

    @Override
    public void flush() {
        layer.flush();
    }

    @Override
    public int capacity() {
        return layer.capacity();
    }

    @Override
    public Duration expiry() {
        return layer.expiry();
    }

    @Override
    public long skippedDeliveries() {
        return layer.skippedDeliveries();
    }

    @Override
    public boolean healthy() {
        return layer.healthy();
    }

    @Override
    public void close() {
        layer.close();
    }

    private <T> T metered(Supplier<T> call) {
        try {
            return call.get();
        } catch (ChannelLayerException e) {
            errors.increment();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Metered(" + layer + ")";
    }
}
