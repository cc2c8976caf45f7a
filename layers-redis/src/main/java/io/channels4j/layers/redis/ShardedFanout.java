package io.channels4j.layers.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded pub/sub on a cluster: SPUBLISH goes to the master owning the channel's slot, and each channel is SSUBSCRIBEd
 * on that master through a pub/sub connection of its own to the node. A reconciler moves subscriptions whenever their
 * node is lost, the server drops them (a slot moved), or the topology names another owner: a failover or a resharding
 * heals like an outage.
 */
final class ShardedFanout implements Fanout {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);

    private final RedisClusterClient cluster;
    private final RedisClient nodes;
    private final RedisURI seed; // the credentials for each node
    private final RedisClusterCommands<String, byte[]> commands;
    private final RedisPubSubListener<String, byte[]> listener;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> placed = new ConcurrentHashMap<>(); // channel -> host:port subscribed on
    private final Map<String, StatefulRedisPubSubConnection<String, byte[]>> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "channels4j-redis-shard-subscriptions");
        thread.setDaemon(true);
        return thread;
    });

    ShardedFanout(RedisClusterClient cluster, RedisClient nodes, RedisURI seed, RedisClusterCommands<String, byte[]> commands,
            RedisPubSubListener<String, byte[]> listener) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.seed = seed;
        this.commands = commands;
        this.listener = listener;
        reconciler.scheduleWithFixedDelay(this::reconcile, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public String publishCommand() {
        return "SPUBLISH";
    }

    @Override
    public void publish(String channel, byte[] payload) {
        commands.spublish(channel, payload);
    }

    @Override
    public void subscribe(String channel) {
        wanted.add(channel);
        try {
            place(channel);
        } catch (RedisException e) {
            wanted.remove(channel);
            throw e;
        }
    }

    @Override
    public void unsubscribe(String channel) {
        wanted.remove(channel);
        String node = placed.remove(channel);
        StatefulRedisPubSubConnection<String, byte[]> connection = node == null ? null : connections.get(node);
        if (connection != null && connection.isOpen()) {
            connection.async().sunsubscribe(channel);
        }
    }

    private synchronized void place(String channel) {
        String owner = owner(channel);
        String current = placed.get(channel);
        if (owner.equals(current) && open(owner)) {
            return;
        }
        connection(owner).sync().ssubscribe(channel);
        placed.put(channel, owner);
        if (current != null && !current.equals(owner) && open(current)) {
            connections.get(current).async().sunsubscribe(channel);
        }
    }

    private String owner(String channel) {
        RedisClusterNode node = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (node == null) {
            throw new RedisException("No cluster master owns the slot of " + channel + " yet");
        }
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    private boolean open(String node) {
        StatefulRedisPubSubConnection<String, byte[]> connection = connections.get(node);
        return connection != null && connection.isOpen();
    }

    private StatefulRedisPubSubConnection<String, byte[]> connection(String node) {
        StatefulRedisPubSubConnection<String, byte[]> connection = connections.get(node);
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        int colon = node.lastIndexOf(':');
        RedisURI uri = RedisURI.builder(seed).withHost(node.substring(0, colon)).withPort(Integer.parseInt(node.substring(colon + 1))).build();
        connection = nodes.connectPubSub(Shard.CODEC, uri);
        connection.addListener(listener);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void sunsubscribed(String channel, long count) {
                placed.remove(channel, node); // the server dropped it (its slot moved): the reconciler places it again
            }
        });
        connections.put(node, connection);
        return connection;
    }

    private void reconcile() {
        try {
            boolean stale = wanted.stream().anyMatch(c -> !placed.containsKey(c) || !open(placed.get(c)));
            if (stale) {
                cluster.refreshPartitions();
            }
            for (String channel : wanted) {
                try {
                    place(channel);
                } catch (RedisException notYet) {
                    log.debug("Cannot subscribe {} yet: {}", channel, notYet.getMessage());
                }
            }
            connections.forEach((node, connection) -> {
                if (!placed.containsValue(node)) {
                    connections.remove(node, connection);
                    connection.closeAsync();
                }
            });
        } catch (RuntimeException e) {
            log.debug("Shard subscriptions not reconciled this time: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        connections.values().forEach(StatefulRedisPubSubConnection::close);
    }
}
