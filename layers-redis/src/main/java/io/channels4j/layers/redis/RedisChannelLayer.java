package io.channels4j.layers.redis;

import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.LayerSettings;
import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel layer on Redis, for apps on several processes, with the semantics of
 * {@link io.channels4j.core.InMemoryChannelLayer}.
 * <pre>
 * ChannelLayer layer = RedisChannelLayer.builder().url("redis://127.0.0.1:6379/0").build();
 * </pre>
 *
 * <p>Unlike channels_redis, a group send costs Redis work per process, not per member: each process
 * subscribes once to a pub/sub channel per group it has members in, and delivers to them itself, so a
 * {@code groupSend} is one Redis command (plus one per queue channel in the group, e.g. a worker's). A
 * consumer's channel names its process, so a {@code send} to it is one PUBLISH to that process. Queue
 * channels ({@code newChannel()}, worker channels) are Redis lists with capacity and expiry.
 *
 * <p>While Redis is unreachable every call fails fast with {@link ChannelLayerException}; when it comes
 * back, even empty, connections and group subscriptions are restored by themselves. Messages are CBOR.
 *
 * <p>The Redis may be a Sentinel set ({@code redis-sentinel://...#master}: a failover heals like an outage) or a
 * cluster ({@code redis-cluster://...}: groups on sharded pub/sub, each on the master owning its slot).
 */
public final class RedisChannelLayer implements ChannelLayer {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);
    private static final String SEND_SCRIPT = "if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
            + "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1";
    // %s is PUBLISH, or SPUBLISH on a cluster: the channel and the key share a hash tag, so the script touches one slot
    private static final String GROUP_SEND_SCRIPT = "redis.call('%s', ARGV[1], ARGV[2]) "
            + "if redis.call('EXISTS', KEYS[1]) == 0 then return {} end "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3]) return redis.call('ZRANGE', KEYS[1], 0, -1)";

    private final String prefix;
    private final int capacity;
    private final Duration expiry;
    private final Duration groupExpiry;
    private final String nodeId = ChannelNames.randomLetters(12);
    private final List<Shard> shards = new ArrayList<>();
    private final HashRing<Shard> ring;
    private final LocalMembers local = new LocalMembers();
    private final Deliveries deliveries;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile boolean closing;
    private final AtomicLong expired = new AtomicLong();
    private final PresenceTracker presence; // null when no group tracks presence
    private final io.channels4j.core.HistoryPolicies histories;
    private final RedisHistory history;

    private RedisChannelLayer(Builder b, LayerSettings settings) {
        this.prefix = b.prefix;
        this.capacity = settings.capacity();
        this.expiry = settings.expiry();
        this.groupExpiry = settings.groupExpiry();
        this.deliveries = new Deliveries(prefix, local);
        this.histories = settings.histories();
        this.history = new RedisHistory(b.prefix);
        try {
            for (RedisEndpoint endpoint : b.endpoints) {
                shards.add(new Shard(endpoint, b.commandTimeout, deliveries));
            }
        } catch (RedisException e) {
            shards.forEach(Shard::close);
            throw new ChannelLayerException("Cannot connect to Redis at " + b.endpoints.stream().map(RedisEndpoint::safeUrl).toList()
                    + ": " + e.getMessage() + ". Start Redis or fix REDIS_URL.", e);
        }
        this.ring = new HashRing<>(shards);
        for (Shard shard : shards) {
            shard.client.addListener(new ConnectionWatch(shard.safeUrl, healthy, () -> closing));
        }
        Shard home = ring.shardFor(nodeId);
        call(home, () -> {
            home.fanout.subscribe(nodeChannel(nodeId));
            return null;
        });
        log.info("Redis channel layer node {} on {}", nodeId, shards.stream().map(s -> s.safeUrl).toList());
        PresenceSettings presenceSettings = settings.presence();
        if (presenceSettings.enabled()) {
            RedisPresenceStore store = new RedisPresenceStore(prefix, shards, ring::shardFor, presenceSettings.clock());
            deliveries.presence(store);
            this.presence = new PresenceTracker(nodeId, presenceSettings, store, this::deliverPresence);
        } else {
            this.presence = null;
        }
    }

    private void deliverPresence(String channel, Message event) {
        MessageListener listener = local.listener(channel);
        if (listener != null) {
            listener.offer(event);
        }
    }

    @Override
    public Optional<PresenceTracker> presenceTracker() {
        return Optional.ofNullable(presence);
    }

    /** Starts a configuration: {@code redis://127.0.0.1:6379}, prefix {@code asgi}, Channels' defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void send(String channel, Message message) {
        ChannelNames.requireValidChannel(channel);
        Objects.requireNonNull(message, "message");
        MessageListener listener = local.listener(channel);
        if (listener != null) {
            if (!listener.offer(message)) {
                throw new ChannelFullException(channel);
            }
            return;
        }
        byte[] body = MessageCodec.encode(message);
        String node = nodeOf(channel);
        if (node != null) {
            Shard shard = ring.shardFor(node);
            call(shard, () -> {
                shard.fanout.publish(nodeChannel(node), MessageCodec.frame(channel, body));
                return null;
            });
            return;
        }
        if (!enqueue(channel, body)) {
            throw new ChannelFullException(channel);
        }
    }

    private boolean enqueue(String channel, byte[] body) {
        Shard shard = ring.shardFor(channel);
        byte[] item = MessageCodec.frame(Long.toString(System.currentTimeMillis()), body);
        Long added = call(shard, () -> shard.eval(SEND_SCRIPT, ScriptOutputType.INTEGER, new String[] {queueKey(channel)},
                item, bytes(Integer.toString(capacity)), bytes(Long.toString(expiry.toMillis()))));
        return added != null && added == 1L;
    }

    @Override
    public CompletableFuture<Message> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (local.isLocal(channel) || nodeOf(channel) != null) {
            throw new IllegalArgumentException("Channel '" + channel + "' is a consumer's channel: its messages go to its listener, not to receive().");
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        Shard shard = ring.shardFor(channel);
        Shard.Blocking connection;
        try {
            connection = shard.borrowBlocking();
        } catch (RedisException e) {
            result.completeExceptionally(unreachable(shard, e));
            return result;
        }
        pop(shard, connection, channel, result);
        return result;
    }

    // BLPOP with a short timeout, again and again, so a cancelled receive stops within a second
    private void pop(Shard shard, Shard.Blocking connection, String channel, CompletableFuture<Message> result) {
        if (result.isDone()) {
            shard.giveBack(connection);
            return;
        }
        connection.async().blpop(1, queueKey(channel)).whenComplete((popped, error) -> {
            if (error != null) {
                connection.connection().closeAsync();
                result.completeExceptionally(unreachable(shard, error));
                return;
            }
            if (popped == null || !popped.hasValue()) {
                pop(shard, connection, channel, result);
                return;
            }
            Message message = unqueue(popped);
            if (message == null) {
                pop(shard, connection, channel, result);
            } else if (!result.complete(message)) {
                connection.async().lpush(queueKey(channel), popped.getValue()); // cancelled meanwhile: put it back first in line
                shard.giveBack(connection);
            } else {
                shard.giveBack(connection);
            }
        });
    }

    private Message unqueue(KeyValue<String, byte[]> popped) {
        byte[] item = popped.getValue();
        int start = MessageCodec.bodyStart(item);
        long sentAt = Long.parseLong(MessageCodec.head(item, start));
        if (System.currentTimeMillis() - sentAt > expiry.toMillis()) {
            expired.incrementAndGet();
            return null;
        }
        return MessageCodec.decode(item, start);
    }

    @Override
    public String newChannel(String prefix) {
        return ChannelNames.requireValidChannel(prefix + ".redis." + ChannelNames.randomLetters(16));
    }

    @Override
    public ChannelSubscription subscribe(MessageListener listener) {
        String channel = ChannelNames.requireValidChannel("specific." + nodeId + "!" + ChannelNames.randomLetters(12));
        local.add(channel, Objects.requireNonNull(listener, "listener"));
        return new ChannelSubscription() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public void close() {
                local.remove(channel).forEach(RedisChannelLayer.this::unsubscribeGroup);
            }
        };
    }

    @Override
    public void groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        Shard shard = ring.shardFor(group);
        if (local.isLocal(channel)) {
            if (local.join(group, channel)) { // the first member here: this node starts listening to the group
                try {
                    call(shard, () -> {
                        shard.fanout.subscribe(groupChannel(group));
                        return null;
                    });
                } catch (ChannelLayerException e) {
                    local.leave(group, channel);
                    throw e;
                }
            }
            return;
        }
        call(shard, () -> {
            shard.commands.zadd(groupQueueKey(group), (double) System.currentTimeMillis(), bytes(channel));
            shard.commands.pexpire(groupQueueKey(group), groupExpiry.toMillis());
            return null;
        });
    }

    @Override
    public void groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        if (local.isLocal(channel)) {
            if (local.leave(group, channel)) {
                unsubscribeGroup(group);
            }
            return;
        }
        Shard shard = ring.shardFor(group);
        call(shard, () -> shard.commands.zrem(groupQueueKey(group), bytes(channel)));
    }

    // best effort: a subscription left behind only costs a delivery nobody takes
    private void unsubscribeGroup(String group) {
        ring.shardFor(group).fanout.unsubscribe(groupChannel(group));
    }

    @Override
    public void groupSend(String group, Message message) {
        ChannelNames.requireValidGroup(group);
        byte[] body = MessageCodec.encode(message); // once per send, whatever the member count
        Shard shard = ring.shardFor(group);
        String cutoff = Long.toString(System.currentTimeMillis() - groupExpiry.toMillis());
        io.channels4j.core.HistoryPolicy policy = histories.policyFor(group);
        if (policy != null) {
            RedisHistory.Sent sent = call(shard, () -> history.send(shard, group, policy, groupChannel(group), groupQueueKey(group), body, cutoff));
            enqueueAll(group, sent.queued(), sent.queued().isEmpty() ? body : MessageCodec.encode(sent.position().stamp(message)));
            return;
        }
        List<byte[]> queued = call(shard, () -> shard.eval(GROUP_SEND_SCRIPT.formatted(shard.fanout.publishCommand()), ScriptOutputType.MULTI,
                new String[] {groupQueueKey(group)}, bytes(groupChannel(group)), body, bytes(cutoff)));
        if (queued != null) {
            enqueueAll(group, queued, body);
        }
    }

    private void enqueueAll(String group, List<byte[]> queued, byte[] body) {
        int full = 0;
        for (byte[] member : queued) {
            String channel = new String(member, StandardCharsets.UTF_8);
            if (!enqueue(channel, body)) {
                full++;
            }
        }
        if (full > 0) {
            local.skipped(group, full);
        }
    }

    @Override
    public io.channels4j.core.HistoryPolicy historyPolicy(String group) {
        return histories.policyFor(group);
    }

    @Override
    public io.channels4j.core.HistoryPage history(String group, io.channels4j.core.HistoryPosition since, int limit) {
        ChannelNames.requireValidGroup(group);
        io.channels4j.core.HistoryPolicy policy = histories.policyFor(group);
        if (policy == null) {
            return ChannelLayer.super.history(group, since, limit);
        }
        Shard shard = ring.shardFor(group);
        return call(shard, () -> history.read(shard, group, since, limit, policy));
    }

    @Override
    public void flush() {
        for (Shard shard : shards) {
            call(shard, () -> {
                List<String> keys = shard.commands.keys(prefix + ":*");
                if (!keys.isEmpty()) {
                    shard.commands.del(keys.toArray(new String[0]));
                }
                return null;
            });
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Duration expiry() {
        return expiry;
    }

    /** Whether every Redis shard is reachable right now. */
    public boolean healthy() {
        return healthy.get();
    }

    /** This process's node id, part of its consumers' channel names. */
    public String nodeId() {
        return nodeId;
    }

    /** Deliveries dropped because the receiver was full, since start. */
    public long droppedOverCapacity() {
        return local.dropped();
    }

    @Override
    public long skippedDeliveries() {
        return local.dropped();
    }

    /** Queued messages that expired unread, since start. */
    public long expiredMessages() {
        return expired.get();
    }

    /** Consumers subscribed in this process; for leak checks. */
    public int subscriptionCount() {
        return local.channels();
    }

    /** Groups this process has members in; for leak checks. */
    public int localGroupCount() {
        return local.groups();
    }

    /**
     * The Lettuce client of the first Redis (a server, or a Sentinel set's master).
     *
     * @throws IllegalStateException on a cluster, whose client is a {@link io.lettuce.core.cluster.RedisClusterClient}:
     *     use {@link #lettuceClient()}
     */
    public io.lettuce.core.RedisClient client() {
        if (shards.get(0).client instanceof io.lettuce.core.RedisClient single) {
            return single;
        }
        throw new IllegalStateException("This layer runs on a Redis Cluster, whose client is a RedisClusterClient: use lettuceClient().");
    }

    /** The Lettuce client of the first Redis, whatever its kind, to share with a {@link RedisSessionStore}. */
    public io.lettuce.core.AbstractRedisClient lettuceClient() {
        return shards.get(0).client;
    }

    @Override
    public void close() {
        if (presence != null) {
            presence.close();
        }
        closing = true; // our own disconnects are not outages
        shards.forEach(Shard::close);
    }

    @Override
    public String toString() {
        return "RedisChannelLayer[node " + nodeId + ", " + shards.stream().map(s -> s.safeUrl).toList() + "]";
    }

    private String nodeOf(String channel) {
        if (!channel.startsWith("specific.")) {
            return null;
        }
        int bang = channel.indexOf('!');
        return bang < 0 ? null : channel.substring("specific.".length(), bang);
    }

    private String nodeChannel(String node) {
        return prefix + ":node:" + node;
    }

    // the braces are a hash tag: on a cluster a group's channel and its queue-member key live in one slot
    private String groupChannel(String group) {
        return prefix + ":group:{" + group + "}";
    }

    private String groupQueueKey(String group) {
        return prefix + ":groupq:{" + group + "}";
    }

    private String queueKey(String channel) {
        return prefix + ":queue:" + channel;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T call(Shard shard, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw unreachable(shard, e);
        }
    }

    private static ChannelLayerException unreachable(Shard shard, Throwable e) {
        return new ChannelLayerException("Redis at " + shard.safeUrl + " is unreachable: " + e.getMessage(), e);
    }

    /** Settings, with channels_redis' defaults. */
    public static final class Builder extends LayerSettings.Builder<Builder> {
        private List<RedisEndpoint> endpoints = List.of(RedisEndpoint.parse("redis://127.0.0.1:6379"));
        private String prefix = "asgi";
        private Duration commandTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * One Redis: {@code redis://[:password@]host:port/db} ({@code rediss://} for TLS), a Sentinel set
         * {@code redis-sentinel://[:password@]host:port[,host:port]/db#master} (the layer follows its failovers), or a
         * cluster {@code redis-cluster://[:password@]host:port[,host:port]} (seed nodes; groups use sharded pub/sub).
         */
        public Builder url(String url) {
            return urls(List.of(url));
        }

        /** Several Redis servers; channels and groups are spread over them by consistent hashing. */
        public Builder urls(List<String> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("RedisChannelLayer needs at least one Redis URL.");
            }
            this.endpoints = urls.stream().map(RedisEndpoint::parse).toList();
            return this;
        }

        /** The prefix of every key and pub/sub channel (default {@code asgi}). */
        public Builder prefix(String prefix) {
            this.prefix = ChannelNames.requireValidGroup(prefix);
            return this;
        }

        /** How long a Redis command may take before the call fails (default 2 s). */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Connects.
         *
         * @throws ChannelLayerException when Redis cannot be reached
         */
        public RedisChannelLayer build() {
            return new RedisChannelLayer(this, settings());
        }
    }
}
