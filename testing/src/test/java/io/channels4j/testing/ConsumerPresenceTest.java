package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConsumerPresenceTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final ManualClock clock = new ManualClock();
    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryChannelLayer layer = InMemoryChannelLayer.builder()
            .presence(PresenceSettings.builder().track("room", PresencePolicy.track()).clock(clock).ticker(ticker).build()).build();

    /** Says who is here on connect, then every arrival and departure. */
    static final class Room extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected PresenceIdentity presenceIdentity() {
            return PresenceIdentity.of(scope().headers().first("x-user").orElseThrow());
        }

        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("users", channelLayer().presence("room").stream().map(PresenceMember::user).sorted().toList()));
        }

        void presenceJoin(Message event) {
            sendJson(Map.of("joined", event.get("user")));
        }

        void presenceLeave(Message event) {
            sendJson(Map.of("left", event.get("user")));
        }
    }

    /** Tracked, but with no presence handler: events must not break it. */
    static final class Quiet extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }
    }

    @AfterEach
    void closeLayer() {
        layer.close();
    }

    private WebsocketCommunicator connect(Application app, String user) {
        WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/room/").header("X-User", user);
        assertTrue(ws.connect().accepted());
        return ws;
    }

    @Test
    void consumerSeesWhoIsHereThenArrivalsAndLeavesAfterTheGracePeriod() {
        Application app = ConsumerFactory.reflective(layer).of(Room.class);
        try (WebsocketCommunicator alice = connect(app, "alice")) {
            assertEquals(Map.of("users", List.of("alice")), alice.receiveJsonFrom(WAIT));
            WebsocketCommunicator bob = connect(app, "bob");
            assertEquals(Map.of("users", List.of("alice", "bob")), bob.receiveJsonFrom(WAIT));
            assertEquals(Map.of("joined", "bob"), alice.receiveJsonFrom(WAIT));
            try (WebsocketCommunicator bobAgain = connect(app, "bob")) {
                assertEquals(Map.of("users", List.of("alice", "bob")), bobAgain.receiveJsonFrom(WAIT));
            }
            bob.disconnect();
            Eventually.await(WAIT, () -> layer.presence("room").stream().anyMatch(m -> m.user().equals("bob") && m.connections() == 0),
                    "bob's last connection is gone and his grace period running");
            clock.advance(Duration.ofSeconds(6));
            ticker.tick();
            assertEquals(Map.of("left", "bob"), alice.receiveJsonFrom(WAIT), "bob's second tab came and went unannounced");
        }
        Eventually.await(WAIT, () -> layer.presence("room").isEmpty() || layer.presence("room").get(0).connections() == 0,
                "alice's connection left the room's presence");
    }

    @Test
    void consumerWithoutPresenceHandlersIgnoresPresenceEvents() {
        Application app = ConsumerFactory.reflective(layer).of(Quiet.class);
        try (WebsocketCommunicator first = connect(app, "x"); WebsocketCommunicator second = connect(app, "y")) {
            assertTrue(first.receiveNothing(Duration.ofMillis(100)), "the other's join is ignored, not an error closing the socket");
            assertEquals(2, layer.presence("room").size(), "each connection is its own user by default");
        }
    }
}
