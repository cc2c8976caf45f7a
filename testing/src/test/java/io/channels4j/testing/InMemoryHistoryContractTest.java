package io.channels4j.testing;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.InMemoryGroupHistory;
import java.util.IdentityHashMap;
import java.util.Map;

class InMemoryHistoryContractTest extends HistoryContract {
    private final Map<ChannelLayer, InMemoryGroupHistory> stores = new IdentityHashMap<>();

    @Override
    protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) {
        InMemoryGroupHistory store = new InMemoryGroupHistory();
        ChannelLayer layer = InMemoryChannelLayer.builder().history(pattern, policy).historyStore(store).build();
        stores.put(layer, store);
        return layer;
    }

    @Override
    protected void wipeHistory(ChannelLayer layer) {
        stores.get(layer).clear();
    }
}
