package io.channels4j.layers.redis;

import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 */
public final class RedisChannelLayer implements ChannelLayer {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);
    private static final String SEND_SCRIPT = "if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
            + "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1";
    private static final String GROUP_SEND_SCRIPT = "redis.call('PUBLISH', ARGV[1], ARGV[2]) "
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
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile boolean closing;
    private final AtomicLong expired = new AtomicLong();

    private RedisChannelLayer(Builder b) {
        this.prefix = b.prefix;
        this.capacity = b.capacity;
        this.expiry = b.expiry;
        this.groupExpiry = b.groupExpiry;
        try {
            for (String url : b.urls) {
                shards.add(new Shard(url, b.commandTimeout));
            }
        } catch (RedisException e) {
            shards.forEach(Shard::close);
            throw new ChannelLayerException("Cannot connect to Redis at " + b.urls.stream().map(RedisChannelLayer::hidePassword).toList()
                    + ": " + e.getMessage() + ". Start Redis or fix REDIS_URL.", e);
        }
        this.ring = new HashRing<>(shards);
        for (Shard shard : shards) {
            shard.pubsub.addListener(new Deliveries(prefix, local));
            shard.client.addListener(new ConnectionWatch(shard.safeUrl, healthy, () -> closing));
        }
        Shard home = ring.shardFor(nodeId);
        call(home, () -> {
            home.pubsub.sync().subscribe(nodeChannel(nodeId));
            return null;
        });
        log.info("Redis channel layer node {} on {}", nodeId, shards.stream().map(s -> s.safeUrl).toList());
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
            call(shard, () -> shard.commands.sync().publish(nodeChannel(node), MessageCodec.frame(channel, body)));
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
        StatefulRedisConnection<String, byte[]> connection;
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
    private void pop(Shard shard, StatefulRedisConnection<String, byte[]> connection, String channel, CompletableFuture<Message> result) {
        if (result.isDone()) {
            shard.giveBack(connection);
            return;
        }
        connection.async().blpop(1, queueKey(channel)).whenComplete((popped, error) -> {
            if (error != null) {
                connection.closeAsync();
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
                        shard.pubsub.sync().subscribe(groupChannel(group));
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
            shard.commands.sync().zadd(groupQueueKey(group), (double) System.currentTimeMillis(), bytes(channel));
            shard.commands.sync().pexpire(groupQueueKey(group), groupExpiry.toMillis());
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
        call(shard, () -> shard.commands.sync().zrem(groupQueueKey(group), bytes(channel)));
    }

    // best effort: a subscription left behind only costs a delivery nobody takes
    private void unsubscribeGroup(String group) {
        ring.shardFor(group).pubsub.async().unsubscribe(groupChannel(group));
    }

    @Override
    public void groupSend(String group, Message message) {
        ChannelNames.requireValidGroup(group);
        byte[] body = MessageCodec.encode(message); // once per send, whatever the member count
        Shard shard = ring.shardFor(group);
        String cutoff = Long.toString(System.currentTimeMillis() - groupExpiry.toMillis());
        List<byte[]> queued = call(shard, () -> shard.eval(GROUP_SEND_SCRIPT, ScriptOutputType.MULTI,
                new String[] {groupQueueKey(group)}, bytes(groupChannel(group)), body, bytes(cutoff)));
        if (queued != null) {
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
    }

    @Override
    public void flush() {
        for (Shard shard : shards) {
            call(shard, () -> {
                List<String> keys = shard.commands.sync().keys(prefix + ":*");
                if (!keys.isEmpty()) {
                    shard.commands.sync().del(keys.toArray(new String[0]));
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
    @Override
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

    /** The Lettuce client of the first Redis, to share with a {@link RedisSessionStore}. */
    public io.lettuce.core.RedisClient client() {
        return shards.get(0).client;
    }

    @Override
    public void close() {
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

    private String groupChannel(String group) {
        return prefix + ":group:" + group;
    }

    private String groupQueueKey(String group) {
        return prefix + ":groupq:" + group;
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

    private static String hidePassword(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    /** Settings, with channels_redis' defaults. */
    public static final class Builder {
        private List<String> urls = List.of("redis://127.0.0.1:6379");
        private String prefix = "asgi";
        private int capacity = DEFAULT_CAPACITY;
        private Duration expiry = DEFAULT_EXPIRY;
        private Duration groupExpiry = DEFAULT_GROUP_EXPIRY;
        private Duration commandTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        /** One Redis: {@code redis://[:password@]host:port/db}, or {@code rediss://} for TLS. */
        public Builder url(String url) {
            return urls(List.of(url));
        }

        /** Several Redis servers; channels and groups are spread over them by consistent hashing. */
        public Builder urls(List<String> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("RedisChannelLayer needs at least one Redis URL.");
            }
            for (String url : urls) {
                if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                    throw new IllegalArgumentException("Redis URL '" + hidePassword(url) + "' must start with redis:// or rediss://.");
                }
            }
            this.urls = List.copyOf(urls);
            return this;
        }

        /** The prefix of every key and pub/sub channel (default {@code asgi}). */
        public Builder prefix(String prefix) {
            this.prefix = ChannelNames.requireValidGroup(prefix);
            return this;
        }

        /** Undelivered messages per channel (default 100). */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** How long an undelivered message lives (default 60 s). */
        public Builder expiry(Duration expiry) {
            this.expiry = Objects.requireNonNull(expiry, "expiry");
            return this;
        }

        /** How long a queue channel's group membership lives (default 86 400 s). */
        public Builder groupExpiry(Duration groupExpiry) {
            this.groupExpiry = Objects.requireNonNull(groupExpiry, "groupExpiry");
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
            return new RedisChannelLayer(this);
        }
    }
}
