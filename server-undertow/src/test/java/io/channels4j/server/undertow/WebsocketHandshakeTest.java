package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.WebsocketConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WebsocketHandshakeTest {
    private static UndertowServer server;

    static final class Echo extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(text);
        }
    }

    @BeforeAll
    static void start() {
        server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Echo.class)).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String handshake(String... extraHeaders) throws Exception {
        StringBuilder request = new StringBuilder("GET /ws/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return RawHttp.exchange(server.port(), request.append("\r\n").toString());
    }

    @Test
    void wellFormedHandshakeGets101() throws Exception {
        String response = handshake("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(101, RawHttp.status(response));
        assertTrue(response.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), response);
    }

    @Test
    void missingKeyIs400() throws Exception {
        assertEquals(400, RawHttp.status(handshake("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13")));
    }

    @Test
    void badKeyIs400() throws Exception {
        assertEquals(400, RawHttp.status(handshake("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: short")));
    }

    @Test
    void wrongVersionIs426NamingTheSupportedOne() throws Exception {
        String response = handshake("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 8",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(426, RawHttp.status(response));
        assertTrue(response.toLowerCase().contains("sec-websocket-version: 13"), response);
    }

    @Test
    void upgradeWithoutConnectionHeaderIs400() throws Exception {
        assertEquals(400, RawHttp.status(handshake("Upgrade: websocket", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")));
    }

    @Test
    void oversizedHeadersAreRefusedWithoutHurtingOthers() throws Exception {
        String response = handshake("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "X-Big: " + "a".repeat(64 * 1024));
        assertTrue(response.isEmpty() || RawHttp.status(response) >= 400, response);
        ClientSocket client = ClientSocket.open(server.port(), "/ws/");
        client.socket.sendText("fine", true);
        assertEquals("fine", client.next());
    }
}
