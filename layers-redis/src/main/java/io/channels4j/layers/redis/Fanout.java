package io.channels4j.layers.redis;

/**
 * The pub/sub half of a {@link Shard}: PUBLISH and SUBSCRIBE on one server or a Sentinel's master, SPUBLISH and
 * SSUBSCRIBE on the node of a cluster that owns the channel's slot. Subscriptions outlive outages and failovers.
 */
interface Fanout extends AutoCloseable {
    /** The Redis command a script uses to publish: {@code PUBLISH} or {@code SPUBLISH}. */
    String publishCommand();

    /** Publishes {@code payload}. */
    void publish(String channel, byte[] payload);

    /** Subscribes, waiting for Redis to confirm. */
    void subscribe(String channel);

    /** Unsubscribes, without waiting. */
    void unsubscribe(String channel);

    @Override
    void close();
}
