package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.testing.PresenceContract;

class RedisPresenceContractTest extends PresenceContract {
    private final String prefix = "presence" + ChannelNames.randomLetters(8); // every node of one test shares it

    @Override
    protected ChannelLayer newNode(PresenceSettings settings) {
        return RedisChannelLayer.builder().url(RedisAvailable.url()).prefix(prefix).presence(settings).build();
    }
}
