package io.channels4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.Message;
import io.channels4j.core.Scope;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.WebsocketCommunicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProtocolTypeRouterTest {
    @Test
    void dispatchesOnTheScopeType() {
        Application router = ProtocolTypeRouter.builder().http(RouteEcho.named("http")).websocket(RouteEcho.named("ws")).build();
        assertEquals("http", HttpCommunicator.of(router, "GET", "/").getResponse().json().get("app"));
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(router, "/")) {
            assertTrue(ws.connect().accepted());
        }
    }

    @Test
    void unconfiguredTypeIsRefusedNotThrown() {
        Application httpOnly = ProtocolTypeRouter.builder().http(RouteEcho.named("http")).build();
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(httpOnly, "/")) {
            assertEquals(404, ws.connect().status());
        }
    }

    @Test
    void channelNameRouterDispatchesWorkerChannelsByName() {
        List<String> seen = new ArrayList<>();
        Application tasks = (scope, sender) -> event -> seen.add("tasks:" + event.type());
        Application mail = (scope, sender) -> event -> seen.add("mail:" + event.type());
        Application router = ProtocolTypeRouter.builder().channel(ChannelNameRouter.of(Map.of("tasks", tasks, "mail", mail))).build();
        ApplicationInstance instance = router.open(Scope.builder(Scope.Type.CHANNEL).channel("mail").build(), e -> { });
        instance.receive(Message.of("send.mail"));
        assertEquals(List.of("mail:send.mail"), seen);
        assertThrows(ImproperlyConfiguredException.class, () -> router.open(Scope.builder(Scope.Type.CHANNEL).channel("other").build(), e -> { }));
    }
}
