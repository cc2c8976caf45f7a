package io.channels4j.layers.redis;

import io.channels4j.core.ChannelFullException;
import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;

/**
 * A send to one channel, by where it lives: a consumer of this process gets it directly, a consumer of another node
 * by one PUBLISH to that node, and a queue channel in its Redis list.
 */
final class RedisSends {
    private final RedisKeys keys;
    private final HashRing<Shard> ring;
    private final LocalMembers local;
    private final RedisQueues queues;

    RedisSends(RedisKeys keys, HashRing<Shard> ring, LocalMembers local, RedisQueues queues) {
        this.keys = keys;
        this.ring = ring;
        this.local = local;
        this.queues = queues;
    }

    void send(String channel, Message message) {
        MessageListener listener = local.listener(channel);
        if (listener != null) {
            if (!listener.offer(message)) {
                throw new ChannelFullException(channel);
            }
            return;
        }
        byte[] body = MessageCodec.encode(message);
        String node = RedisKeys.nodeOf(channel);
        if (node != null) {
            Shard shard = ring.shardFor(node);
            shard.call(() -> {
                shard.fanout.publish(keys.nodeChannel(node), MessageCodec.frame(channel, body));
                return null;
            });
            return;
        }
        if (!queues.enqueue(channel, body)) {
            throw new ChannelFullException(channel);
        }
    }

    /** A presence event for a consumer of this process, if it is still here. */
    void deliverLocally(String channel, Message event) {
        MessageListener listener = local.listener(channel);
        if (listener != null) {
            listener.offer(event);
        }
    }
}
