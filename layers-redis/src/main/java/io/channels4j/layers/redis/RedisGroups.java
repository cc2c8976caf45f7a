package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Message;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Group membership and group sends. A node's own consumers join locally and the node subscribes once to the group's
 * pub/sub channel; queue channels are members in a sorted set in Redis, each sent its own copy.
 */
final class RedisGroups {
    // %s is PUBLISH, or SPUBLISH on a cluster: the channel and the key share a hash tag, so the script touches one slot
    private static final String GROUP_SEND_SCRIPT = "redis.call('%s', ARGV[1], ARGV[2]) "
            + "if redis.call('EXISTS', KEYS[1]) == 0 then return {} end "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3]) return redis.call('ZRANGE', KEYS[1], 0, -1)";

    private final RedisKeys keys;
    private final HashRing<Shard> ring;
    private final LocalMembers local;
    private final RedisQueues queues;
    private final Duration groupExpiry;
    private final Function<String, HistoryPolicy> histories;
    private final RedisHistory history;

    RedisGroups(RedisKeys keys, HashRing<Shard> ring, LocalMembers local, RedisQueues queues, Duration groupExpiry,
                Function<String, HistoryPolicy> histories) {
        this.keys = keys;
        this.ring = ring;
        this.local = local;
        this.queues = queues;
        this.groupExpiry = groupExpiry;
        this.histories = histories;
        this.history = new RedisHistory(keys);
    }

    void add(String group, String channel) {
        Shard shard = ring.shardFor(group);
        if (local.isLocal(channel)) {
            if (local.join(group, channel)) { // the first member here: this node starts listening to the group
                try {
                    shard.call(() -> {
                        shard.fanout.subscribe(keys.groupChannel(group));
                        return null;
                    });
                } catch (ChannelLayerException e) {
                    local.leave(group, channel);
                    throw e;
                }
            }
            return;
        }
        shard.call(() -> {
            shard.commands.zadd(keys.groupQueue(group), (double) System.currentTimeMillis(), RedisQueues.bytes(channel));
            shard.commands.pexpire(keys.groupQueue(group), groupExpiry.toMillis());
            return null;
        });
    }

    void discard(String group, String channel) {
        if (local.isLocal(channel)) {
            if (local.leave(group, channel)) {
                unsubscribe(group);
            }
            return;
        }
        Shard shard = ring.shardFor(group);
        shard.call(() -> shard.commands.zrem(keys.groupQueue(group), RedisQueues.bytes(channel)));
    }

    // best effort: a subscription left behind only costs a delivery nobody takes
    void unsubscribe(String group) {
        ring.shardFor(group).fanout.unsubscribe(keys.groupChannel(group));
    }

    void send(String group, Message message) {
        byte[] body = MessageCodec.encode(message); // once per send, whatever the member count
        Shard shard = ring.shardFor(group);
        String cutoff = Long.toString(System.currentTimeMillis() - groupExpiry.toMillis());
        HistoryPolicy policy = histories.apply(group);
        if (policy != null) {
            RedisHistory.Sent sent = shard.call(() -> history.send(shard, group, policy, keys.groupChannel(group), keys.groupQueue(group), body, cutoff));
            enqueueAll(group, sent.queued(), sent.queued().isEmpty() ? body : MessageCodec.encode(sent.position().stamp(message)));
            return;
        }
        List<byte[]> queued = shard.call(() -> shard.eval(shard.publishing(GROUP_SEND_SCRIPT), ScriptOutputType.MULTI,
                new String[] {keys.groupQueue(group)}, RedisQueues.bytes(keys.groupChannel(group)), body, RedisQueues.bytes(cutoff)));
        if (queued != null) {
            enqueueAll(group, queued, body);
        }
    }

    /** The history of a group that keeps one by {@code policy}. */
    HistoryPage history(String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        Shard shard = ring.shardFor(group);
        return shard.call(() -> history.read(shard, group, since, limit, policy));
    }

    private void enqueueAll(String group, List<byte[]> queued, byte[] body) {
        int full = 0;
        for (byte[] member : queued) {
            if (!queues.enqueue(new String(member, StandardCharsets.UTF_8), body)) {
                full++;
            }
        }
        if (full > 0) {
            local.skipped(group, full);
        }
    }
}
