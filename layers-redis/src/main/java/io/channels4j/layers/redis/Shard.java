package io.channels4j.layers.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One Redis server of the layer: a command connection, a pub/sub connection, and spare connections for
 * blocking pops. Lettuce reconnects each of them and re-subscribes pub/sub channels by itself.
 */
final class Shard implements AutoCloseable {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    final String safeUrl;
    final RedisClient client;
    final StatefulRedisConnection<String, byte[]> commands;
    final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final ConcurrentLinkedQueue<StatefulRedisConnection<String, byte[]>> blocking = new ConcurrentLinkedQueue<>();
    private final java.util.Map<String, String> shas = new java.util.concurrent.ConcurrentHashMap<>();

    Shard(String url, Duration commandTimeout) {
        RedisURI uri = RedisURI.create(url);
        this.safeUrl = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        this.commands = client.connect(CODEC);
        this.pubsub = client.connectPubSub(CODEC);
    }

    /** Runs a Lua script by its SHA, loading it first on a Redis that does not know it (new, or restarted). */
    <T> T eval(String script, io.lettuce.core.ScriptOutputType type, String[] keys, byte[]... args) {
        String sha = shas.computeIfAbsent(script, s -> commands.sync().scriptLoad(s));
        try {
            return commands.sync().evalsha(sha, type, keys, args);
        } catch (io.lettuce.core.RedisNoScriptException restarted) {
            shas.put(script, commands.sync().scriptLoad(script));
            return commands.sync().evalsha(shas.get(script), type, keys, args);
        }
    }

    StatefulRedisConnection<String, byte[]> borrowBlocking() {
        StatefulRedisConnection<String, byte[]> connection = blocking.poll();
        return connection != null && connection.isOpen() ? connection : client.connect(CODEC);
    }

    void giveBack(StatefulRedisConnection<String, byte[]> connection) {
        if (blocking.size() < 8) {
            blocking.add(connection);
        } else {
            connection.closeAsync();
        }
    }

    @Override
    public void close() {
        blocking.forEach(StatefulRedisConnection::close);
        pubsub.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
