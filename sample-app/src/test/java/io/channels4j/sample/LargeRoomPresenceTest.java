package io.channels4j.sample;

import static io.channels4j.routing.Routes.rePath;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.auth.Auth;
import io.channels4j.auth.User;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HandlerExecutor;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.presence.InMemoryPresenceStore;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.routing.URLRouter;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.ManualClock;
import io.channels4j.testing.ManualTicker;
import io.channels4j.testing.WebsocketCommunicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2,000 chat users in one room on two nodes, with the sample's count-only threshold of 1,000: after that, joins
 * reach each client as at most one {@code presence.count} frame a second. Two in-memory layers sharing one presence
 * store are the two nodes, on a virtual clock, with the real ChatConsumer behind in-process communicators.
 */
@Tag("slow")
@Timeout(120)
class LargeRoomPresenceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PATH = "/ws/chat/big/";

    private final ManualClock clock = new ManualClock();
    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryPresenceStore store = new InMemoryPresenceStore(clock);
    private final SampleSettings settings = SampleSettings.from(Map.of("SECRET_KEY", "test-secret-with-at-least-32-characters!")::get);
    private final List<InMemoryChannelLayer> layers = new ArrayList<>();
    private final List<WebsocketCommunicator> sockets = new ArrayList<>();
    private final HandlerExecutor handlers = HandlerExecutor.start(); // as a server would: not a thread per task

    @AfterEach
    void close() {
        sockets.forEach(WebsocketCommunicator::close);
        layers.forEach(InMemoryChannelLayer::close);
        handlers.close();
    }

    /** One node: the sample's chat route and presence policy on its own layer; the user comes from a header. */
    private Application node() {
        PresenceSettings chat = ChatConsumer.presence(settings);
        InMemoryChannelLayer layer = InMemoryChannelLayer.builder().presenceStore(store).presence(PresenceSettings.builder()
                .track("chat.*", chat.policy("chat.big").orElseThrow()).clock(clock).ticker(ticker).build())
                .history("chat.*", ChatConsumer.HISTORY).build(); // as the sample app's layer: rooms keep history
        layers.add(layer);
        Application routes = URLRouter.of(rePath("^ws/chat/(?<room>[A-Za-z0-9_-]{1,64})/$", ConsumerFactory.reflective(layer).of(ChatConsumer.class)));
        return (scope, sender) -> routes.open(scope.with(Auth.USER, User.of(scope.headers().first("x-user").orElseThrow()))
                .with(HandlerExecutor.SCOPE_KEY, handlers), sender);
    }

    private WebsocketCommunicator join(Application node, String user) {
        WebsocketCommunicator socket = WebsocketCommunicator.of(node, PATH).header("X-User", user);
        assertTrue(socket.connect().accepted());
        sockets.add(socket);
        return socket;
    }

    /** Reads frames until the count reaches {@code users}; returns how many count frames came, failing on any join. */
    private static int countsUntil(WebsocketCommunicator socket, int users, boolean joinsAllowed) {
        int counts = 0;
        while (true) {
            Map<String, Object> frame = socket.receiveJsonFrom(WAIT);
            if ("presence.count".equals(frame.get("type"))) {
                counts++;
                if (Integer.valueOf(users).equals(frame.get("count"))) {
                    return counts;
                }
            } else {
                assertTrue(joinsAllowed, "no join announced in a large room, got " + frame);
            }
        }
    }

    @Test
    void joinsCostEachMemberAtMostOneCountFrameASecond() {
        Application a = node();
        Application b = node();
        List<WebsocketCommunicator> members = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            members.add(join(i % 2 == 0 ? a : b, "user" + i));
        }
        Eventually.await(WAIT, () -> layers.get(0).presence("chat.big").size() == 2000, "2,000 users present");
        clock.advance(Duration.ofSeconds(1));
        ticker.tick();
        for (WebsocketCommunicator member : members) {
            countsUntil(member, 2000, true); // the first 1,000 saw joins one by one: the room was small then
        }

        for (int i = 2000; i < 2200; i++) { // 200 more joins over 2 virtual seconds
            join(i % 2 == 0 ? a : b, "user" + i);
            clock.advance(Duration.ofMillis(10));
            if (i % 10 == 9) {
                ticker.tick();
            }
        }
        Eventually.await(WAIT, () -> layers.get(1).presence("chat.big").size() == 2200, "2,200 users present");
        clock.advance(Duration.ofSeconds(1));
        ticker.tick();
        for (WebsocketCommunicator member : members) {
            int counts = countsUntil(member, 2200, false);
            assertTrue(counts <= 3, "200 joins in 2 s, then a last tick: at most one count a second, got " + counts);
        }
        assertTrue(members.get(0).receiveNothing(Duration.ofMillis(100)), "nothing after the last count");
    }
}
