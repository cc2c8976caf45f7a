package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresencePolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's presence snippet, run: a tracked group answers who is in it. */
class PresenceTest {
    @Test
    void aTrackedGroupAnswersWhoIsInIt() throws Exception {
        // tag::presence[]
        ChannelLayer layer = InMemoryChannelLayer.builder()     // RedisChannelLayer.builder().url(url) takes the same
                .presence("chat.*", PresencePolicy.track().graceperiod(Duration.ofSeconds(5)).countOnlyAbove(1000)).build();
        List<PresenceMember> here = layer.presence("chat.lobby"); // each user once: user, connections, meta
        // end::presence[]
        assertEquals(List.of(), here);
        layer.close();
    }
}
