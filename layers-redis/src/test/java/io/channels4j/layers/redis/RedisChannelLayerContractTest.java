package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.testing.ChannelLayerContract;
import java.time.Duration;

class RedisChannelLayerContractTest extends ChannelLayerContract {
    @Override
    protected ChannelLayer newLayer(int capacity, Duration expiry) {
        return RedisChannelLayer.builder().url(RedisAvailable.url()).prefix("test" + ChannelNames.randomLetters(8))
                .capacity(capacity).expiry(expiry).build();
    }
}
