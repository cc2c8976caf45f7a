package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Scope;
import io.channels4j.core.WebsocketConsumer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ServerLimitsTest {
    static final AtomicReference<Scope> SEEN = new AtomicReference<>();

    static final class Recorder extends WebsocketConsumer {
        @Override
        protected void connect() {
            SEEN.set(scope());
            accept();
        }
    }

    @Test
    void aHandshakeBeyondMaxConnectionsGets503() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class))
                .settings(ServerSettings.builder().maxConnections(2).build()).build().start();
        try {
            ClientSocket.open(server.port(), "/a/");
            ClientSocket.open(server.port(), "/b/");
            assertEquals(503, ClientSocket.refusedStatus(server.port(), "/c/"));
            assertEquals(1.0, server.meters().get("channels4j.handshakes.rejected").tag("status", "503").counter().count());
        } finally {
            server.stop();
        }
    }

    @Test
    void proxyHeadersAreBelievedOnlyFromTrustedProxies() throws Exception {
        UndertowServer open = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class)).build().start();
        UndertowServer proxied = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class))
                .settings(ServerSettings.builder().trustedProxy("127.0.0.0/8").build()).build().start();
        try {
            String headers = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "X-Forwarded-For: 203.0.113.7, 127.0.0.5\r\nX-Forwarded-Proto: https\r\n";
            RawHttp.exchange(open.port(), "GET /ws/ HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertEquals("127.0.0.1", SEEN.get().client().getAddress().getHostAddress(), "an untrusted peer's headers are ignored");
            assertEquals("ws", SEEN.get().scheme());
            RawHttp.exchange(proxied.port(), "GET /ws/ HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertEquals("203.0.113.7", SEEN.get().client().getAddress().getHostAddress(), "the last untrusted hop is the client");
            assertEquals("wss", SEEN.get().scheme());
        } finally {
            open.stop();
            proxied.stop();
        }
    }

    @Test
    void xForwardedPortFromATrustedProxySetsTheClientPort() throws Exception {
        // daphne server.py: proxy_forwarded_port_header="X-Forwarded-Port"
        UndertowServer open = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class)).build().start();
        UndertowServer proxied = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class))
                .settings(ServerSettings.builder().trustedProxy("127.0.0.0/8").build()).build().start();
        try {
            String headers = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Port: 54321\r\n";
            RawHttp.exchange(proxied.port(), "GET /ws/ HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertEquals("203.0.113.7", SEEN.get().client().getAddress().getHostAddress());
            assertEquals(54321, SEEN.get().client().getPort());
            RawHttp.exchange(open.port(), "GET /ws/ HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertNotEquals(54321, SEEN.get().client().getPort(), "an untrusted peer's port header is ignored");
        } finally {
            open.stop();
            proxied.stop();
        }
    }

    @Test
    void aSocketThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Recorder.class))
                .settings(ServerSettings.builder().idleTimeout(Duration.ofMillis(300)).build()).build().start();
        try (RawWebsocket quiet = RawWebsocket.connect(server.port(), "/q/")) {
            assertEquals(1001, quiet.awaitClose());
        } finally {
            server.stop();
        }
    }
}
