package io.channels4j.server.undertow;

import io.channels4j.testing.CapturedLog;
import java.time.Duration;
import io.channels4j.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Scope;
import io.channels4j.core.WebsocketConsumer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UndertowWebsocketTest {
    private UndertowServer server;

    static final class Echo extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            if (text.startsWith("close:")) {
                close(4000 + Integer.parseInt(text.substring(6)), "bye for now");
            } else if (text.equals("fail")) {
                throw new IllegalStateException("handler bug");
            } else {
                send(text);
            }
        }
    }

    static final class Denies extends WebsocketConsumer {
        @Override
        protected void connect() {
            close();
        }
    }

    static final class Breaks extends WebsocketConsumer {
        @Override
        protected void connect() {
            throw new IllegalStateException("broken connect");
        }
    }

    static final class PicksProtocol extends WebsocketConsumer {
        @Override
        protected void connect() {
            accept("chat.v2");
        }
    }

    static final class Silent extends WebsocketConsumer {
        @Override
        protected void connect() {
            // never answers: the server's handshake timeout must
        }
    }

    private int start(Application app, ServerSettings settings) {
        server = UndertowServer.builder().port(0).application(app).settings(settings).build().start();
        return server.port();
    }

    private int start(Application app) {
        return start(app, ServerSettings.DEFAULTS);
    }

    private static Application routes(Map<String, Application> byPath) {
        return (scope, sender) -> byPath.getOrDefault(scope.path(), Application.rejecting(404, "No route found for path '" + scope.path() + "'."))
                .open(scope, sender);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void acceptsAndEchoes() throws Exception {
        int port = start(ConsumerFactory.reflective(new InMemoryChannelLayer()).of(Echo.class));
        ClientSocket client = ClientSocket.open(port, "/ws/echo/");
        client.socket.sendText("hello", true);
        assertEquals("hello", client.next());
        client.socket.sendText("x".repeat(100_000), true);
        assertEquals(100_000, client.next().length());
    }

    @Test
    void closeBeforeAcceptIs403AndNoRouteIs404() throws Exception {
        ConsumerFactory consumers = ConsumerFactory.reflective();
        int port = start(routes(Map.of("/denied/", consumers.of(Denies.class), "/broken/", consumers.of(Breaks.class))));
        assertEquals(403, ClientSocket.refusedStatus(port, "/denied/"));
        assertEquals(404, ClientSocket.refusedStatus(port, "/nowhere/"));
        assertEquals(500, ClientSocket.refusedStatus(port, "/broken/"));
    }

    @Test
    void handlerErrorAfterAcceptClosesWith1011AndOthersKeepWorking() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Echo.class));
        ClientSocket bad = ClientSocket.open(port, "/a/");
        ClientSocket good = ClientSocket.open(port, "/b/");
        bad.socket.sendText("fail", true);
        assertEquals(1011, bad.closeCode());
        assertEquals("internal error", bad.closeReason, "without debug the client learns nothing of the failure");
        good.socket.sendText("still here", true);
        assertEquals("still here", good.next());
    }

    @Test
    void closeCodeAndReasonReachTheClient() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Echo.class));
        ClientSocket client = ClientSocket.open(port, "/x/");
        client.socket.sendText("close:7", true);
        assertEquals(4007, client.closeCode());
        assertEquals("bye for now", client.closeReason);
    }

    /** Sends a burst from the handler pool, then closes: every frame is written by the IO thread, in order. */
    static final class Burst extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            int count = Integer.parseInt(text);
            for (int i = 0; i < count; i++) {
                send("m" + i);
            }
            close(4001, "burst done");
        }
    }

    @Test
    void aBurstFromTheHandlerPoolArrivesWholeAndInOrderBeforeTheClose() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Burst.class));
        ClientSocket client = ClientSocket.open(port, "/x/");
        client.socket.sendText("500", true);
        for (int i = 0; i < 500; i++) {
            assertEquals("m" + i, client.next());
        }
        assertEquals(4001, client.closeCode());
        assertEquals("burst done", client.closeReason);
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Echo.class), ServerSettings.builder().maxMessageSize(1024).build());
        ClientSocket client = ClientSocket.open(port, "/x/");
        client.socket.sendText("y".repeat(4096), true);
        assertEquals(1009, client.closeCode());
    }

    @Test
    void acceptedSubprotocolIsInThe101() throws Exception {
        int port = start(ConsumerFactory.reflective().of(PicksProtocol.class));
        ClientSocket client = ClientSocket.open(port, "/x/", "chat.v1", "chat.v2");
        assertEquals("chat.v2", client.socket.getSubprotocol());
    }

    @Test
    void unansweredHandshakeGets503AfterTheTimeout() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Silent.class),
                ServerSettings.builder().handshakeTimeout(java.time.Duration.ofMillis(300)).build());
        assertEquals(503, ClientSocket.refusedStatus(port, "/x/"));
    }

    @Test
    void unansweredHandshakeLogNamesTheConsumerAndTheFix() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Silent.class),
                ServerSettings.builder().handshakeTimeout(java.time.Duration.ofMillis(300)).build());
        try (CapturedLog log = new CapturedLog()) {
            assertEquals(503, ClientSocket.refusedStatus(port, "/silent/"));
            String line = log.text().lines().filter(l -> l.contains("/silent/")).findFirst()
                    .orElseThrow(() -> new AssertionError("no 503 log line in: " + log.text()));
            assertTrue(line.contains("Silent did not answer the WebSocket handshake on /silent/ within 300 ms"), line);
            assertTrue(line.contains("call accept() or close() in connect()"), line);
            assertTrue(line.contains("answered 503"), line);
        }
    }

    @Test
    void debugSettingPutsTheExceptionMessageInThe1011Reason() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Echo.class), ServerSettings.builder().debug(true).build());
        ClientSocket client = ClientSocket.open(port, "/a/");
        client.socket.sendText("fail", true);
        assertEquals(1011, client.closeCode());
        assertEquals("IllegalStateException: handler bug", client.closeReason);
    }

    @Test
    void connectionsAreCountedAndFreedWhenClientsLeave() throws Exception {
        int port = start(ConsumerFactory.reflective().of(Echo.class));
        ClientSocket client = ClientSocket.open(port, "/x/");
        client.socket.sendText("ping", true);
        assertEquals("ping", client.next());
        assertEquals(1, server.openConnections());
        client.socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        Eventually.await(Duration.ofSeconds(5), () -> server.openConnections() == 0, "the closed socket is forgotten");
        assertEquals(0, server.openConnections());
    }

    @Test
    void scopeCarriesPathQueryAndHeaders() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Scope> seen = new java.util.concurrent.atomic.AtomicReference<>();
        int port = start(ConsumerFactory.reflective().of(() -> new WebsocketConsumer() {
            @Override
            protected void connect() {
                seen.set(scope());
                accept();
            }
        }));
        ClientSocket.open(port, "/ws/caf%C3%A9/?a=1&token=secret");
        Scope scope = seen.get();
        assertEquals("/ws/café/", scope.path());
        assertEquals("/ws/caf%C3%A9/", scope.rawPath());
        assertEquals("1", scope.queryParam("a").orElseThrow());
        assertEquals("ws", scope.scheme());
        assertTrue(scope.headers().contains("sec-websocket-key"));
        assertEquals("127.0.0.1", scope.client().getAddress().getHostAddress());
    }
}
