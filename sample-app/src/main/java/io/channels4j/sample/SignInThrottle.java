package io.channels4j.sample;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Failed sign-ins allowed per account and per client address, each a Bucket4j token bucket that refills
 * over a minute: in memory (a map bounded to {@link #MAX_KEYS} keys, each dropped a minute after its last
 * use, when it would be full again) or in Redis, so every node counts the same failures. An attempt takes
 * a token from both buckets before the password is checked and a success gives them back, so only
 * failures count and parallel guesses cannot overshoot. Buckets are keyed by the name as typed, so an
 * unknown account is throttled exactly as a real one.
 */
final class SignInThrottle implements AutoCloseable {
    static final int MAX_KEYS = 100_000;
    private static final Duration PERIOD = Duration.ofMinutes(1);

    private final BiFunction<String, Bandwidth, Bucket> buckets;
    private final Bandwidth perAccount;
    private final Bandwidth perAddress;
    private final AutoCloseable resources;

    private SignInThrottle(BiFunction<String, Bandwidth, Bucket> buckets, int perAccount, int perAddress, AutoCloseable resources) {
        this.buckets = buckets;
        this.perAccount = perAccount == 0 ? null : perMinute(perAccount);
        this.perAddress = perAddress == 0 ? null : perMinute(perAddress);
        this.resources = resources;
    }

    /** Buckets in this process, timed by {@code clock}. */
    static SignInThrottle inMemory(int perAccount, int perAddress, TimeMeter clock) {
        Cache<String, Bucket> cache = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(PERIOD)
                .ticker(clock::currentTimeNanos).executor(Runnable::run).build();
        return new SignInThrottle((key, limit) -> cache.get(key, k -> Bucket.builder().addLimit(limit).withCustomTimePrecision(clock).build()),
                perAccount, perAddress, () -> { });
    }

    /** Buckets in the Redis of {@code client}, under {@code prefix:signin:}; the connection is closed with the throttle. */
    static SignInThrottle redis(AbstractRedisClient client, String prefix, int perAccount, int perAddress) {
        StatefulConnection<byte[], byte[]> connection;
        Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder;
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<byte[], byte[]> c = cluster.connect(ByteArrayCodec.INSTANCE);
            connection = c;
            builder = Bucket4jLettuce.casBasedBuilder(c);
        } else {
            StatefulRedisConnection<byte[], byte[]> c = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
            connection = c;
            builder = Bucket4jLettuce.casBasedBuilder(c);
        }
        ProxyManager<byte[]> proxies = builder
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(2)) // as the channel layer's commands: a Redis outage fails fast
                .build();
        return new SignInThrottle((key, limit) -> proxies.builder().build((prefix + ":signin:" + key).getBytes(StandardCharsets.UTF_8),
                () -> BucketConfiguration.builder().addLimit(limit).build()), perAccount, perAddress, connection::close);
    }

    /**
     * Takes one attempt from {@code account}'s and {@code client}'s allowance: empty when the sign-in may be
     * checked, else how long to wait.
     *
     * @throws RuntimeException when the buckets' Redis cannot be reached
     */
    Optional<Duration> attempt(String account, InetSocketAddress client) {
        Bucket accountBucket = accountBucket(account);
        if (accountBucket != null) {
            ConsumptionProbe probe = accountBucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
        }
        Bucket addressBucket = addressBucket(client);
        if (addressBucket != null) {
            ConsumptionProbe probe = addressBucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                if (accountBucket != null) {
                    accountBucket.addTokens(1); // refused for the address: the account lost nothing
                }
                return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
        }
        return Optional.empty();
    }

    /** Gives back the attempt taken by {@link #attempt}: only failed sign-ins count. */
    void succeeded(String account, InetSocketAddress client) {
        Bucket accountBucket = accountBucket(account);
        if (accountBucket != null) {
            accountBucket.addTokens(1);
        }
        Bucket addressBucket = addressBucket(client);
        if (addressBucket != null) {
            addressBucket.addTokens(1);
        }
    }

    private Bucket accountBucket(String account) {
        return perAccount == null ? null : buckets.apply("account:" + account, perAccount);
    }

    private Bucket addressBucket(InetSocketAddress client) {
        if (perAddress == null || client == null || client.getAddress() == null) {
            return null;
        }
        return buckets.apply("address:" + client.getAddress().getHostAddress(), perAddress);
    }

    private static Bandwidth perMinute(int count) {
        return Bandwidth.builder().capacity(count).refillGreedy(count, PERIOD).build();
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
