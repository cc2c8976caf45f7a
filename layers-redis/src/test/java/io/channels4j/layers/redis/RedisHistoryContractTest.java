package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.testing.HistoryContract;

class RedisHistoryContractTest extends HistoryContract {
    @Override
    protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) {
        return RedisChannelLayer.builder().url(RedisAvailable.url()).prefix("test" + ChannelNames.randomLetters(8)).history(pattern, policy).build();
    }

    @Override
    protected void wipeHistory(ChannelLayer layer) {
        layer.flush(); // deletes every key of the layer's prefix, histories included
    }
}
