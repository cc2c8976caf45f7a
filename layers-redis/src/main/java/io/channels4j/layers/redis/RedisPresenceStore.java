package io.channels4j.layers.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.channels4j.core.Json;
import io.channels4j.core.presence.PresenceEntry;
import io.channels4j.core.presence.PresenceStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence on Redis. Per group a hash {@code <prefix>:presence:members:<group>} holds one field per node and user
 * ({@code node|user} = {@code seq|connections|meta}), and every write is published on
 * {@code <prefix>:presence:<group>}: a join is one script call, whatever the room's size. Per node a key
 * {@code <prefix>:presence:node:<node>} with a TTL says it is alive; its heartbeat refreshes that key and its
 * groups' hashes in one script call, and a sweep checks every known node with one MGET. Nothing is polled per member.
 */
final class RedisPresenceStore implements PresenceStore {
    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() { };
    private static final String WRITE_SCRIPT = "if ARGV[3] == '0' then redis.call('HDEL', KEYS[1], ARGV[1]) "
            + "else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) redis.call('PEXPIRE', KEYS[1], ARGV[6]) end "
            + "redis.call('%s', ARGV[4], ARGV[5]) return 1"; // PUBLISH, or SPUBLISH on a cluster
    // the key's value is the node's own deadline, so a node given up for dead learns it on its next heartbeat
    private static final String HEARTBEAT_SCRIPT = "local old = redis.call('GET', KEYS[1]) "
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "for i = 2, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end "
            + "if old and tonumber(old) >= tonumber(ARGV[4]) then return 0 end return 1";
    private static final String EXPIRE_SCRIPT = "for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end return 1";

    private final RedisKeys keys;
    private final List<Shard> shards;
    private final Function<String, Shard> shardFor;
    private final Shard home;
    private final Clock clock;
    private final Map<String, Map<String, Consumer<PresenceEntry>>> watchers = new ConcurrentHashMap<>();
    private volatile long groupTtlMillis = Duration.ofMinutes(1).toMillis();

    RedisPresenceStore(RedisKeys keys, List<Shard> shards, Function<String, Shard> shardFor, Clock clock) {
        this.keys = keys;
        this.shards = shards;
        this.shardFor = shardFor;
        this.home = shardFor.apply(keys.presenceHome()); // every node must look for liveness in the same place
        this.clock = clock;
    }

    @Override
    public void write(String group, PresenceEntry entry) {
        Shard shard = shardFor.apply(group);
        String field = entry.node() + '|' + entry.user();
        String value = entry.seq() + "|" + entry.connections() + "|" + Json.write(entry.meta());
        shard.call(() -> shard.eval(shard.publishing(WRITE_SCRIPT), ScriptOutputType.INTEGER, new String[] {keys.presenceMembers(group)},
                bytes(field), bytes(value), bytes(Integer.toString(entry.connections())), bytes(keys.presenceChannel(group)),
                bytes(field + "\n" + value), bytes(Long.toString(groupTtlMillis))));
    }

    @Override
    public List<PresenceEntry> read(String group) {
        Shard shard = shardFor.apply(group);
        Map<String, byte[]> fields = shard.call(() -> shard.commands.hgetall(keys.presenceMembers(group)));
        List<PresenceEntry> entries = new ArrayList<>(fields.size());
        fields.forEach((field, value) -> entries.add(parse(field, new String(value, StandardCharsets.UTF_8))));
        return entries;
    }

    @Override
    public void watch(String node, String group, Consumer<PresenceEntry> changes) {
        watchers.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(node, changes);
        Shard shard = shardFor.apply(group);
        shard.call(() -> {
            shard.fanout.subscribe(keys.presenceChannel(group));
            return null;
        });
    }

    @Override
    public void unwatch(String node, String group) {
        Map<String, Consumer<PresenceEntry>> left = watchers.computeIfPresent(group, (g, byNode) -> {
            byNode.remove(node);
            return byNode.isEmpty() ? null : byNode;
        });
        if (left == null) {
            shardFor.apply(group).fanout.unsubscribe(keys.presenceChannel(group)); // best effort, as the layer's groups
        }
    }

    @Override
    public boolean heartbeat(String node, Set<String> groups, Duration ttl) {
        long now = clock.millis();
        groupTtlMillis = ttl.multipliedBy(4).toMillis();
        // one script call per shard, or per slot on a cluster, where a script may touch one slot only
        String nodeKey = keys.presenceNode(node);
        Map<Shard, Map<Integer, List<String>>> buckets = new HashMap<>();
        buckets.computeIfAbsent(home, s -> new HashMap<>()).computeIfAbsent(home.slotOf(nodeKey), k -> new ArrayList<>()).add(nodeKey);
        for (String group : groups) {
            Shard shard = shardFor.apply(group);
            String key = keys.presenceMembers(group);
            buckets.computeIfAbsent(shard, s -> new HashMap<>()).computeIfAbsent(shard.slotOf(key), k -> new ArrayList<>()).add(key);
        }
        Long lapsed = null;
        for (Map.Entry<Shard, Map<Integer, List<String>>> byShard : buckets.entrySet()) {
            Shard shard = byShard.getKey();
            for (List<String> sameSlot : byShard.getValue().values()) {
                String[] keys = sameSlot.toArray(new String[0]);
                if (keys[0].equals(nodeKey)) {
                    lapsed = shard.call(() -> shard.eval(HEARTBEAT_SCRIPT, ScriptOutputType.INTEGER, keys,
                            bytes(Long.toString(now + ttl.toMillis())), bytes(Long.toString(ttl.toMillis())),
                            bytes(Long.toString(groupTtlMillis)), bytes(Long.toString(now))));
                } else {
                    shard.call(() -> shard.eval(EXPIRE_SCRIPT, ScriptOutputType.INTEGER, keys, bytes(Long.toString(groupTtlMillis))));
                }
            }
        }
        return lapsed != null && lapsed == 1L;
    }

    @Override
    public Set<String> alive(Collection<String> nodes) {
        List<String> list = new ArrayList<>(nodes);
        if (list.isEmpty()) {
            return Set.of();
        }
        List<KeyValue<String, byte[]>> values = home.call(() -> home.commands.mget(list.stream().map(keys::presenceNode).toArray(String[]::new)));
        long now = clock.millis();
        Set<String> alive = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            KeyValue<String, byte[]> value = values.get(i);
            if (value.hasValue() && Long.parseLong(new String(value.getValue(), StandardCharsets.UTF_8)) >= now) {
                alive.add(list.get(i));
            }
        }
        return alive;
    }

    @Override
    public void forget(String group, Collection<PresenceEntry> entries) {
        Shard shard = shardFor.apply(group);
        String[] fields = entries.stream().map(e -> e.node() + '|' + e.user()).toArray(String[]::new);
        shard.call(() -> shard.commands.hdel(keys.presenceMembers(group), fields));
    }

    @Override
    public void goodbye(String node) {
        home.call(() -> home.commands.del(keys.presenceNode(node)));
    }

    /** A presence change published on {@code channel}, handed on by the layer's {@link Deliveries}. */
    void changed(String channel, byte[] payload) {
        String group = keys.presenceGroupOf(channel);
        Map<String, Consumer<PresenceEntry>> listeners = group == null ? null : watchers.get(group);
        if (listeners == null) {
            return;
        }
        try {
            String text = new String(payload, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            PresenceEntry entry = parse(text.substring(0, newline), text.substring(newline + 1));
            listeners.forEach((node, listener) -> {
                if (!node.equals(entry.node())) {
                    listener.accept(entry);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not apply a presence change from Redis channel {}", channel, e);
        }
    }

    private static PresenceEntry parse(String field, String value) {
        int bar = field.indexOf('|');
        String[] parts = value.split("\\|", 3);
        try {
            return new PresenceEntry(field.substring(0, bar), field.substring(bar + 1), Long.parseLong(parts[0]),
                    Integer.parseInt(parts[1]), Json.mapper().readValue(parts[2], META));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable presence meta in Redis: " + e.getOriginalMessage(), e);
        }
    }


    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
