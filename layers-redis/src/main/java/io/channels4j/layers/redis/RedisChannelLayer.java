package io.channels4j.layers.redis;

import io.channels4j.core.BaseChannelLayer;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.LayerSettings;
import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
public final class RedisChannelLayer extends BaseChannelLayer {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);
    private final RedisKeys keys;
    private final String nodeId = ChannelNames.randomLetters(12);
    private final Shards shards;
    private final HashRing<Shard> ring;
    private final LocalMembers local = new LocalMembers();
    private final Deliveries deliveries;
    private final PresenceTracker presence; // null when no group tracks presence
    private final RedisQueues queues;
    private final RedisGroups groups;
    private final RedisSends sends;

    private RedisChannelLayer(Builder b, LayerSettings settings) {
        super(settings);
        this.keys = new RedisKeys(b.prefix);
        this.deliveries = new Deliveries(keys, local);
        this.shards = new Shards(b.endpoints, b.commandTimeout, deliveries);
        this.ring = shards.ring();
        this.queues = new RedisQueues(keys, ring, settings.capacity(), settings.expiry());
        this.sends = new RedisSends(keys, ring, local, queues);
        this.groups = new RedisGroups(keys, ring, local, queues, settings.groupExpiry(), this::historyPolicy);
        Shard home = ring.shardFor(nodeId);
        home.call(() -> {
            home.fanout.subscribe(keys.nodeChannel(nodeId));
            return null;
        });
        log.info("Redis channel layer node {} on {}", nodeId, shards.safeUrls());
        PresenceSettings presenceSettings = settings.presence();
        if (presenceSettings.enabled()) {
            RedisPresenceStore store = new RedisPresenceStore(keys, shards.all(), ring::shardFor, presenceSettings.clock());
            deliveries.presence(store);
            this.presence = new PresenceTracker(nodeId, presenceSettings, store, sends::deliverLocally);
        } else {
            this.presence = null;
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
        sends.send(channel, message);
    }

    @Override
    public CompletableFuture<Message> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (local.isLocal(channel) || RedisKeys.nodeOf(channel) != null) {
            throw new IllegalArgumentException("Channel '" + channel + "' is a consumer's channel: its messages go to its listener, not to receive().");
        }
        return queues.receive(channel);
    }

    @Override
    public String newChannel(String prefix) {
        return ChannelNames.requireValidChannel(prefix + ".redis." + ChannelNames.randomLetters(16));
    }

    @Override
    public ChannelSubscription subscribe(MessageListener listener) {
        String channel = ChannelNames.requireValidChannel(RedisKeys.specificChannel(nodeId, ChannelNames.randomLetters(12)));
        local.add(channel, Objects.requireNonNull(listener, "listener"));
        return new ChannelSubscription() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public void close() {
                local.remove(channel).forEach(groups::unsubscribe);
            }
        };
    }

    @Override
    public void groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        groups.add(group, channel);
    }

    @Override
    public void groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        groups.discard(group, channel);
    }

    @Override
    public void groupSend(String group, Message message) {
        ChannelNames.requireValidGroup(group);
        groups.send(group, message);
    }

    @Override
    protected HistoryPage readHistory(String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        return groups.history(group, since, limit, policy);
    }

    @Override
    public void flush() {
        shards.flush(keys);
    }

    /** Whether every Redis shard is reachable right now. */
    @Override
    public boolean healthy() {
        return shards.healthy();
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
        return queues.expired();
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
        if (shards.firstClient() instanceof io.lettuce.core.RedisClient single) {
            return single;
        }
        throw new IllegalStateException("This layer runs on a Redis Cluster, whose client is a RedisClusterClient: use lettuceClient().");
    }

    /** The Lettuce client of the first Redis, whatever its kind, to share with a {@link RedisSessionStore}. */
    public io.lettuce.core.AbstractRedisClient lettuceClient() {
        return shards.firstClient();
    }

    @Override
    public void close() {
        if (presence != null) {
            presence.close();
        }
        shards.close();
    }

    @Override
    public String toString() {
        return "RedisChannelLayer[node " + nodeId + ", " + shards.safeUrls() + "]";
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
