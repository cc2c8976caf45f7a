package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.channels4j.layers.redis.RedisSessionStore;
import io.lettuce.core.AbstractRedisClient;

/**
 * The Redis channel layer and session store, sharing one Redis (a server, a Sentinel set or a cluster, as {@code REDIS_URL} says) (whose client the sign-in throttle uses too), for several
 * app processes. The layer is closed by {@link Background}; the session store's connection by {@link SampleModule#close()}.
 */
record RedisBackends(ChannelLayer layer, RedisSessionStore sessions, AbstractRedisClient client) {
    static RedisBackends connect(String url, PresenceSettings presence) {
        RedisChannelLayer layer = RedisChannelLayer.builder().url(url).presence(presence).history("chat.*", ChatConsumer.HISTORY).build();
        return new RedisBackends(layer, new RedisSessionStore(layer.lettuceClient(), "asgi"), layer.lettuceClient());
    }
}
