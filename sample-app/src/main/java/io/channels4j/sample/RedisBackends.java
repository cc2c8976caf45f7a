package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.channels4j.layers.redis.RedisSessionStore;
import io.lettuce.core.RedisClient;

/**
 * The Redis channel layer and session store, sharing one Redis (whose client the sign-in throttle uses too), for several
 * app processes. The layer is closed by {@link Background}; the session store's connection by {@link SampleModule#close()}.
 */
record RedisBackends(ChannelLayer layer, RedisSessionStore sessions, RedisClient client) {
    static RedisBackends connect(String url) {
        RedisChannelLayer layer = RedisChannelLayer.builder().url(url).history("chat.*", ChatConsumer.HISTORY).build();
        return new RedisBackends(layer, new RedisSessionStore(layer.client(), "asgi"), layer.client());
    }
}
