package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConnectionClose;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.WebsocketConsumer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    static final class Member extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("session.abc");
        }
    }

    @Test
    void aConnectionCloseMessageClosesEveryMemberWithItsCodeAndReasonAndFreesItsGroups() {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        Application app = ConsumerFactory.reflective(layer).of(Member.class);
        try (WebsocketCommunicator one = WebsocketCommunicator.of(app, "/a/");
             WebsocketCommunicator two = WebsocketCommunicator.of(app, "/b/")) {
            assertTrue(one.connect().accepted());
            assertTrue(two.connect().accepted());
            layer.groupSend("session.abc", ConnectionClose.of(4401, "signed out"));
            for (WebsocketCommunicator ws : List.of(one, two)) {
                var close = ws.receiveCloseFrom(WAIT);
                assertEquals(4401, close.code());
                assertEquals("signed out", close.reason());
            }
        }
        Eventually.await(WAIT, () -> layer.groupCount() == 0, "the closed members left their group");
    }
}
