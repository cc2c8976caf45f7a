package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.channels4j.layers.redis.RedisSessionStore;

/**
 * The Redis channel layer and session store, sharing one Redis, for several app processes. The layer is
 * closed by {@link Background}; the session store's connection by {@link SampleModule#close()}.
 */
record RedisBackends(ChannelLayer layer, RedisSessionStore sessions) {
    static RedisBackends connect(String url) {
        RedisChannelLayer layer = RedisChannelLayer.builder().url(url).build();
        return new RedisBackends(layer, new RedisSessionStore(layer.client(), "asgi"));
    }
}
