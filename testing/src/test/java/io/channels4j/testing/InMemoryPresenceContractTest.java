package io.channels4j.testing;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.presence.InMemoryPresenceStore;
import io.channels4j.core.presence.PresenceSettings;

class InMemoryPresenceContractTest extends PresenceContract {
    private final InMemoryPresenceStore shared = new InMemoryPresenceStore(clock);

    @Override
    protected ChannelLayer newNode(PresenceSettings settings) {
        return InMemoryChannelLayer.builder().presence(settings).presenceStore(shared).build();
    }
}
