package io.channels4j.server.undertow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * WebSocket handshakes allowed per client address ({@link ServerSettings#handshakesPerSecond()}, with
 * bursts of {@link ServerSettings#handshakeBurst()}): a Bucket4j token bucket per address, so a reconnect
 * storm from one address is refused with 429 while other addresses connect as usual. An IPv6 client is
 * counted by its /64 prefix, which one host usually holds whole.
 *
 * <p>The map of buckets is bounded, so an attacker with many addresses cannot grow it: it holds at most
 * {@link #MAX_ADDRESSES} addresses, the least recently seen evicted first, and drops a bucket unused for as
 * long as a bucket takes to fill up again (a new one would be the same). Eviction runs on the calling
 * thread; nothing is started.
 */
final class HandshakeRateLimiter {
    static final int MAX_ADDRESSES = 100_000;
    private static final HandshakeRateLimiter OFF = new HandshakeRateLimiter(0, 0, 0, TimeMeter.SYSTEM_NANOTIME);

    private final long perSecond;
    private final long burst;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets;

    HandshakeRateLimiter(long perSecond, long burst, int maxAddresses, TimeMeter clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        long refillNanos = perSecond == 0 ? 0 : Math.max(Duration.ofSeconds(1).toNanos(), burst * Duration.ofSeconds(1).toNanos() / perSecond);
        this.buckets = perSecond == 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterAccess(Duration.ofNanos(refillNanos))
                .ticker(clock::currentTimeNanos)
                .executor(Runnable::run)
                .build();
    }

    /** The limiter the settings ask for; one that allows everything when the limit is off. */
    static HandshakeRateLimiter of(ServerSettings settings) {
        if (settings.handshakesPerSecond() == 0) {
            return OFF;
        }
        return new HandshakeRateLimiter(settings.handshakesPerSecond(), settings.handshakeBurst(), MAX_ADDRESSES, TimeMeter.SYSTEM_NANOTIME);
    }

    /** Takes one handshake from {@code client}'s allowance: 0 when allowed, else the nanoseconds until one would be. */
    long nanosToWait(InetSocketAddress client) {
        if (buckets == null || client == null || client.getAddress() == null) {
            return 0;
        }
        Bucket bucket = buckets.get(key(client.getAddress()), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** The {@code Retry-After} value for a wait: whole seconds, rounded up. */
    static String retryAfterSeconds(long nanos) {
        return Long.toString(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Addresses tracked now (after pending evictions). */
    long trackedAddresses() {
        if (buckets == null) {
            return 0;
        }
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return Arrays.toString(Arrays.copyOf(address.getAddress(), 8)) + "/64";
        }
        return address.getHostAddress();
    }

    @Override
    public String toString() {
        return buckets == null ? "HandshakeRateLimiter[off]" : "HandshakeRateLimiter[" + perSecond + "/s, burst " + burst + "]";
    }
}
