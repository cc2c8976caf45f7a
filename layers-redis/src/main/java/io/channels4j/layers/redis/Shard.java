package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayerException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Redis of the layer (a server, a Sentinel-watched master, or a whole cluster): a command connection, its pub/sub
 * {@link Fanout}, and spare connections for blocking pops. Lettuce reconnects each of them, at most a second apart so a
 * failover heals quickly; on a Sentinel set each reconnect asks the sentinels where the master is now.
 */
final class Shard implements AutoCloseable {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** A borrowed connection for a blocking pop. */
    record Blocking(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> async) {
    }

    final String safeUrl;
    final AbstractRedisClient client;
    final RedisClusterCommands<String, byte[]> commands;
    final Fanout fanout;
    /** A Sentinel-watched master, whose writes only a replica's copy carries through a failover. */
    final boolean replicated;
    private final String sentinelMaster;
    private final ClientResources resources;
    private final RedisClient nodeClient; // a cluster's per-node pub/sub connections; the client itself otherwise
    private final StatefulConnection<String, byte[]> connection;
    private final ConcurrentLinkedQueue<Blocking> blocking = new ConcurrentLinkedQueue<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final Map<String, String> publishing = new ConcurrentHashMap<>();

    Shard(RedisEndpoint endpoint, Duration commandTimeout, RedisPubSubListener<String, byte[]> listener) {
        this.safeUrl = endpoint.safeUrl();
        this.replicated = endpoint.kind() == RedisEndpoint.Kind.SENTINEL;
        this.sentinelMaster = replicated ? endpoint.uris().get(0).getSentinelMasterId() : null;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS)).build();
        ClientOptions options = ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout)).build();
        try {
            if (endpoint.kind() == RedisEndpoint.Kind.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, endpoint.uris());
                // a cluster opens its node connections lazily, and REJECT_COMMANDS would refuse commands while one
                // connects: there a command waits instead, at most the command timeout
                cluster.setOptions(ClusterClientOptions.builder(options)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(Duration.ofSeconds(10))
                                .enableAllAdaptiveRefreshTriggers()
                                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                                .refreshTriggersReconnectAttempts(2)
                                .build())
                        .build());
                this.client = cluster;
                this.nodeClient = RedisClient.create(resources);
                nodeClient.setOptions(options);
                StatefulRedisClusterConnection<String, byte[]> c = cluster.connect(CODEC);
                this.connection = c;
                this.commands = c.sync();
                this.fanout = new ShardedFanout(cluster, nodeClient, endpoint.uris().get(0), commands, listener);
            } else {
                RedisClient single = RedisClient.create(resources, endpoint.uris().get(0));
                single.setOptions(options);
                this.client = single;
                this.nodeClient = single;
                StatefulRedisConnection<String, byte[]> c = single.connect(CODEC);
                this.connection = c;
                this.commands = c.sync();
                this.fanout = new PlainFanout(single, commands, listener);
            }
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * {@code template} with its {@code %s} replaced by this shard's publish command ({@code PUBLISH}, or {@code SPUBLISH}
     * on a cluster), made once per shard: a group send must not format and hash its script again.
     */
    String publishing(String template) {
        return publishing.computeIfAbsent(template, t -> t.formatted(fanout.publishCommand()));
    }

    /**
     * Runs a Lua script by its SHA, loading it first on a Redis that does not know it (new, restarted, or a cluster
     * node the load did not reach: then the script itself goes, and that node keeps it).
     */
    <T> T eval(String script, ScriptOutputType type, String[] keys, byte[]... args) {
        String sha = shas.computeIfAbsent(script, s -> commands.scriptLoad(s));
        try {
            return commands.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException unknownThere) {
            return commands.eval(script, type, keys, args);
        }
    }

    /**
     * Whether the server this shard's commands reach is the master the sentinels name now, by run id, and no failover
     * is replacing it: a master they replaced is still a master until they demote it. Asked only when a write found
     * no replica.
     */
    boolean isSentinelsMaster() {
        String info = commands.info("server");
        int at = info.indexOf("run_id:");
        String runId = at < 0 ? "" : info.substring(at + 7, info.indexOf('\n', at)).trim();
        try (StatefulRedisSentinelConnection<String, String> sentinel = ((RedisClient) client).connectSentinel()) {
            Map<String, String> master = sentinel.sync().master(sentinelMaster);
            // while a failover runs the sentinels still name the master they are replacing, whose replica has left
            return !runId.isEmpty() && runId.equals(master.get("runid")) && !String.valueOf(master.get("flags")).contains("failover");
        }
    }

    /** The cluster slot of {@code key}, or 0 where there is no cluster: what keys one script call may touch together. */
    int slotOf(String key) {
        return client instanceof RedisClusterClient ? SlotHash.getSlot(key) : 0;
    }

    Blocking borrowBlocking() {
        Blocking spare = blocking.poll();
        if (spare != null && spare.connection().isOpen()) {
            return spare;
        }
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, byte[]> c = cluster.connect(CODEC);
            return new Blocking(c, c.async());
        }
        StatefulRedisConnection<String, byte[]> c = nodeClient.connect(CODEC);
        return new Blocking(c, c.async());
    }

    void giveBack(Blocking spare) {
        if (blocking.size() < 8) {
            blocking.add(spare);
        } else {
            spare.connection().closeAsync();
        }
    }

    @Override
    public void close() {
        blocking.forEach(b -> b.connection().close());
        fanout.close();
        connection.close();
        if (nodeClient != client) {
            nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Runs a command on this Redis; a Redis error becomes a {@link ChannelLayerException} that names it. */
    <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    ChannelLayerException unreachable(Throwable e) {
        return new ChannelLayerException("Redis at " + safeUrl + " is unreachable: " + e.getMessage(), e);
    }
}
