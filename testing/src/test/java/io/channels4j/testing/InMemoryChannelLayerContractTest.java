package io.channels4j.testing;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.InMemoryChannelLayer;
import java.time.Duration;

class InMemoryChannelLayerContractTest extends ChannelLayerContract {
    @Override
    protected ChannelLayer newLayer(int capacity, Duration expiry) {
        return InMemoryChannelLayer.builder().capacity(capacity).expiry(expiry).build();
    }
}
