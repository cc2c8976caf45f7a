package io.channels4j.layers.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each loss and return of one Redis once, not once per message or per connection. */
final class ConnectionWatch implements RedisConnectionStateListener {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);

    private final String url;
    private final AtomicBoolean healthy;
    private final BooleanSupplier closing;
    private final AtomicBoolean up = new AtomicBoolean(true);

    ConnectionWatch(String url, AtomicBoolean healthy, BooleanSupplier closing) {
        this.url = url;
        this.healthy = healthy;
        this.closing = closing;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        // a connection closed on purpose (a session store's, a spare blocking one) is not an outage
        if (!closing.getAsBoolean() && !connection.isClosed() && up.compareAndSet(true, false)) {
            healthy.set(false);
            log.warn("Redis channel layer lost its connection to {}; layer calls fail until it is back", url);
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (up.compareAndSet(false, true)) {
            healthy.set(true);
            log.info("Redis channel layer reconnected to {}", url);
        }
    }
}
