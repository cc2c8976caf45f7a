package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayerException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The layer's Redis servers: connected together, found by name on a hash ring, watched for outages, closed together. */
final class Shards implements AutoCloseable {
    private final List<Shard> all = new ArrayList<>();
    private final HashRing<Shard> ring;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile boolean closing;

    /** @throws ChannelLayerException when a Redis cannot be reached */
    Shards(List<RedisEndpoint> endpoints, Duration commandTimeout, Deliveries deliveries) {
        try {
            for (RedisEndpoint endpoint : endpoints) {
                all.add(new Shard(endpoint, commandTimeout, deliveries));
            }
        } catch (RedisException e) {
            all.forEach(Shard::close);
            throw new ChannelLayerException("Cannot connect to Redis at " + endpoints.stream().map(RedisEndpoint::safeUrl).toList()
                    + ": " + e.getMessage() + ". Start Redis or fix REDIS_URL.", e);
        }
        this.ring = new HashRing<>(all);
        for (Shard shard : all) {
            shard.client.addListener(new ConnectionWatch(shard.safeUrl, healthy, () -> closing));
        }
    }

    HashRing<Shard> ring() {
        return ring;
    }

    List<Shard> all() {
        return all;
    }

    boolean healthy() {
        return healthy.get();
    }

    /** Deletes every key under the layer's prefix, on every shard. */
    void flush(RedisKeys keys) {
        for (Shard shard : all) {
            shard.call(() -> {
                List<String> found = shard.commands.keys(keys.all());
                if (!found.isEmpty()) {
                    shard.commands.del(found.toArray(new String[0]));
                }
                return null;
            });
        }
    }

    AbstractRedisClient firstClient() {
        return all.get(0).client;
    }

    List<String> safeUrls() {
        return all.stream().map(s -> s.safeUrl).toList();
    }

    @Override
    public void close() {
        closing = true; // our own disconnects are not outages
        all.forEach(Shard::close);
    }
}
