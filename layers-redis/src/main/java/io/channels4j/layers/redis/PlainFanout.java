package io.channels4j.layers.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Classic pub/sub on one server, or on the master a Sentinel set names: Lettuce re-resolves the master when it
 * reconnects and subscribes the connection's channels again by itself.
 */
final class PlainFanout implements Fanout {
    private final RedisClusterCommands<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;

    PlainFanout(RedisClient client, RedisClusterCommands<String, byte[]> commands, RedisPubSubListener<String, byte[]> listener) {
        this.commands = commands;
        this.pubsub = client.connectPubSub(Shard.CODEC);
        pubsub.addListener(listener);
    }

    @Override
    public String publishCommand() {
        return "PUBLISH";
    }

    @Override
    public void publish(String channel, byte[] payload) {
        commands.publish(channel, payload);
    }

    @Override
    public void subscribe(String channel) {
        pubsub.sync().subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        pubsub.async().unsubscribe(channel);
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
