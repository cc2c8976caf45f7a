package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.WebsocketConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WebsocketConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    static final class Echo extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(text);
        }
    }

    static final class Room extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receiveJson(JsonNode content) {
            channelLayer().groupSend("room", Message.of("chat.message", "text", content.path("message").asText()));
        }

        public void chatMessage(Message event) {
            sendJson(event.without("type"));
        }
    }

    static final class Silent extends WebsocketConsumer {
        @Override
        protected void connect() {
            // neither accept() nor close(): the mistake the communicator must explain
        }
    }

    static final class Fails extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            throw new IllegalStateException(text);
        }
    }

    @Test
    void connectThatNeitherAcceptsNorClosesFailsNamingTheConsumerAndTheFix() {
        Application app = ConsumerFactory.reflective().of(Silent.class);
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/silent/")) {
            AssertionError e = assertThrows(AssertionError.class, () -> ws.connect(Duration.ofMillis(200)));
            assertEquals("Silent on /ws/silent/ neither accepted nor closed the handshake within 200 ms: "
                    + "call accept() or close() in connect().", e.getMessage());
        }
    }

    @Test
    void handlerErrorClosesWith1011AndNoDetailsByDefault() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Fails.class), "/ws/fails/")) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("secret detail");
            Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
            assertEquals(1011, close.code());
            assertEquals("internal error", close.reason());
        }
    }

    @Test
    void debugModeCarriesTheExceptionMessageInTheCloseReason() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Fails.class), "/ws/fails/").debug(true)) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("no such room 'x'");
            Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
            assertEquals(1011, close.code());
            assertEquals("IllegalStateException: no such room 'x'", close.reason());
        }
    }

    static final class BreaksInConnect extends WebsocketConsumer {
        @Override
        protected void connect() {
            throw new IllegalStateException("room 'x' is closed");
        }
    }

    @Test
    void failureBeforeAcceptIs500AndNamesTheExceptionOnlyInDebugMode() {
        Application app = ConsumerFactory.reflective().of(BreaksInConnect.class);
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/x/")) {
            ConnectResult result = ws.connect();
            assertEquals(500, result.status());
            assertEquals("Internal Server Error", result.reason());
        }
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/x/").debug(true)) {
            ConnectResult result = ws.connect();
            assertEquals(500, result.status());
            assertEquals("Internal Server Error: IllegalStateException: room 'x' is closed", result.reason());
        }
    }

    @Test
    void debugCloseReasonIsCutTo123BytesWithoutSplittingACharacter() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Fails.class), "/ws/fails/").debug(true)) {
            assertTrue(ws.connect().accepted());
            // "IllegalStateException: " is 23 bytes; 99 more fill 122, and the emoji's 4 bytes would pass 123
            ws.sendTo("x".repeat(99) + "\uD83D\uDE00 and more");
            String reason = ws.receiveCloseFrom(WAIT).reason();
            assertEquals("IllegalStateException: " + "x".repeat(99), reason);
            assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123);
        }
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Fails.class), "/ws/fails/").debug(true)) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("\u00e9".repeat(100)); // two bytes each: 50 fit after the 23-byte prefix
            String reason = ws.receiveCloseFrom(WAIT).reason();
            assertEquals("IllegalStateException: " + "\u00e9".repeat(50), reason);
        }
    }

    @Test
    void echoesText() {
        Application app = ConsumerFactory.reflective().of(Echo.class);
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/echo/")) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("hello");
            assertEquals("hello", ws.receiveFrom(WAIT));
            assertTrue(ws.receiveNothing());
        }
    }

    @Test
    void broadcastsToTheGroupThroughTypedHandler() {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        Application app = ConsumerFactory.reflective(layer).of(Room.class);
        try (WebsocketCommunicator alice = WebsocketCommunicator.of(app, "/room/");
             WebsocketCommunicator bob = WebsocketCommunicator.of(app, "/room/")) {
            assertTrue(alice.connect().accepted());
            assertTrue(bob.connect().accepted());
            alice.sendJsonTo(Map.of("message", "hi"));
            assertEquals(Map.of("text", "hi"), bob.receiveJsonFrom(WAIT));
            assertEquals(Map.of("text", "hi"), alice.receiveJsonFrom(WAIT));
        }
        assertEquals(0, layer.groupCount());
        assertEquals(0, layer.subscriptionCount());
        assertFalse(layer.toString().isEmpty());
    }

    static final class GroupEcho extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("feed");
        }

        @Override
        protected void receive(String text) {
            send("echo:" + text);
        }

        @Override
        protected void receiveBytes(byte[] bytes) {
            send("bytes:" + bytes.length);
        }
    }

    @Test
    void aLayerMessageTypedWebsocketReceiveIsHandledAsClientText() {
        // channels: websocket_receive is an ordinary type handler, so a group can feed an echo consumer
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective(layer).of(GroupEcho.class), "/feed/")) {
            assertTrue(ws.connect().accepted());
            layer.groupSend("feed", Message.of("websocket.receive", "text", "from the group"));
            assertEquals("echo:from the group", ws.receiveFrom(WAIT));
            layer.groupSend("feed", Message.of("websocket.receive", "bytes", new byte[3]));
            assertEquals("bytes:3", ws.receiveFrom(WAIT));
        }
    }

    @Test
    void aLayerMessageTypedWebsocketDisconnectClosesWithItsCodeAndEndsTheConsumer() {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective(layer).of(GroupEcho.class), "/feed/")) {
            assertTrue(ws.connect().accepted());
            layer.groupSend("feed", Message.of("websocket.disconnect", "code", 4000));
            assertEquals(4000, ws.receiveCloseFrom(WAIT).code());
            Eventually.await(WAIT, () -> layer.subscriptionCount() == 0 && layer.groupCount() == 0, "the consumer to leave its group and free its channel");
        }
    }
}
