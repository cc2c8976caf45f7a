package io.channels4j.layers.redis;

import io.channels4j.core.session.SessionStore;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.Json;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in Redis as JSON with a TTL, so a session made on one node authenticates on every other. The
 * store opens its own connection on the client it is given; {@link #close()} closes it (the client stays
 * with whoever built it).
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final RedisKeys keys;

    /**
     * A store on {@code client} (e.g. {@link RedisChannelLayer#lettuceClient()}: a server's, a Sentinel set's, which
     * follows failovers, or a cluster's), keys under {@code <prefix>:session:}.
     */
    public RedisSessionStore(AbstractRedisClient client, String prefix) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, String> c = cluster.connect();
            this.connection = c;
            this.commands = c.sync();
        } else if (client instanceof RedisClient single) {
            StatefulRedisConnection<String, String> c = single.connect();
            this.connection = c;
            this.commands = c.sync();
        } else {
            throw new IllegalArgumentException("RedisSessionStore needs a RedisClient or a RedisClusterClient, got " + client.getClass().getName() + ".");
        }
        this.keys = new RedisKeys(prefix);
    }

    @Override
    public Optional<Map<String, Object>> load(String sessionId) {
        String json = call(() -> commands.get(key(sessionId)));
        return Json.readObject(json); // a corrupt entry is no session either
    }

    @Override
    public void save(String sessionId, Map<String, Object> data, Duration ttl) {
        String json = Json.write(data);
        call(() -> commands.set(key(sessionId), json, SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public boolean update(String sessionId, Map<String, Object> data, Duration ttl) {
        String json = Json.write(data);
        // SET ... XX writes only an existing key, in one command: a concurrent DEL (logout) cannot be undone
        return "OK".equals(call(() -> commands.set(key(sessionId), json, SetArgs.Builder.px(ttl.toMillis()).xx())));
    }

    /** From the key's remaining TTL, on this machine's clock (Redis keeps a TTL relative to its own). */
    @Override
    public Optional<Instant> expiresAt(String sessionId) {
        long now = System.currentTimeMillis();
        Long ttl = call(() -> commands.pttl(key(sessionId)));
        if (ttl == null || ttl == -2) {
            return Optional.empty(); // no such key
        }
        return Optional.of(ttl < 0 ? Instant.MAX : Instant.ofEpochMilli(now + ttl)); // -1: a key saved without a TTL
    }

    @Override
    public void delete(String sessionId) {
        call(() -> commands.del(key(sessionId)));
    }

    /** Closes the store's connection. */
    @Override
    public void close() {
        connection.close();
    }

    private String key(String sessionId) {
        return keys.session(sessionId);
    }

    private static <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new ChannelLayerException("Redis session store is unreachable: " + e.getMessage(), e);
        }
    }
}
