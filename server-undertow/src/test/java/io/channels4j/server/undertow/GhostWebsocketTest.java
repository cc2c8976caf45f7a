package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.Eventually;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that reset the connection around the handshake leave nothing behind: no count, no group member, no stuck shutdown. */
@Timeout(60)
class GhostWebsocketTest {
    static final AtomicInteger CONNECTING = new AtomicInteger();
    static final AtomicInteger DISCONNECTS = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    static final class GroupMember extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void connect() throws InterruptedException {
            CONNECTING.incrementAndGet();
            gate.await(); // the client resets while the application still decides
            accept();
        }

        @Override
        protected void disconnect(int code) {
            DISCONNECTS.incrementAndGet();
        }
    }

    private static Socket handshakeThenReset(int port) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoLinger(true, 0); // close sends a reset
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/ HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    @Test
    void aClientThatResetsBeforeReadingThe101LeavesEveryRegistry() throws Exception {
        int clients = 20;
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        CONNECTING.set(0);
        DISCONNECTS.set(0);
        gate = new CountDownLatch(1);
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(layer).of(GroupMember.class))
                .settings(ServerSettings.builder().accessLog(false).shutdownTimeout(Duration.ofSeconds(3)).build()).build().start();
        try {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sockets.add(handshakeThenReset(server.port()));
            }
            Eventually.await(Duration.ofSeconds(10), () -> CONNECTING.get() == clients, "every handshake reached the application");
            for (Socket socket : sockets) {
                socket.close();
            }
            gate.countDown();
            Eventually.await(Duration.ofSeconds(10), () -> DISCONNECTS.get() == clients, "disconnect ran for every reset client");
            Eventually.await(Duration.ofSeconds(10), () -> server.openConnections() == 0, "the reset clients left the connection count");
            Eventually.await(Duration.ofSeconds(10), () -> layer.groupCount() == 0 && layer.subscriptionCount() == 0, "the reset clients left their group");
            assertEquals(0.0, server.meters().get("channels4j.connections.open").gauge().value());
        } finally {
            gate.countDown();
            server.stop();
        }
        assertEquals(clients, DISCONNECTS.get(), "disconnect ran exactly once per connection");
    }

    @Test
    void shutdownInterruptsHandshakesOfResetClientsAndTheyLeaveEveryRegistry() throws Exception {
        int clients = 10;
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        CONNECTING.set(0);
        DISCONNECTS.set(0);
        gate = new CountDownLatch(1); // never opened: each connect() is still deciding at shutdown
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(layer).of(GroupMember.class))
                .settings(ServerSettings.builder().accessLog(false).shutdownTimeout(Duration.ofMillis(500)).build()).build().start();
        try {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sockets.add(handshakeThenReset(server.port()));
            }
            Eventually.await(Duration.ofSeconds(10), () -> CONNECTING.get() == clients, "every handshake reached the application");
            for (Socket socket : sockets) {
                socket.close();
            }
        } finally {
            server.stop(); // returns once every consumer is interrupted and has disconnected
            gate.countDown();
        }
        assertEquals(clients, DISCONNECTS.get(), "disconnect ran once per connection before stop() returned");
        assertEquals(0, server.openConnections());
        assertEquals(0, layer.groupCount(), "no group member left behind");
        assertEquals(0, layer.subscriptionCount());
    }

    @Test
    void clientsThatResetRightAfterTheirHandshakeLeaveNothingBehind() throws Exception {
        int clients = 200;
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        CONNECTING.set(0);
        DISCONNECTS.set(0);
        gate = new CountDownLatch(0); // accepted at once, while the reset is on its way
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(layer).of(GroupMember.class))
                .settings(ServerSettings.builder().accessLog(false).build()).build().start();
        try {
            for (int i = 0; i < clients; i++) {
                handshakeThenReset(server.port()).close();
            }
            Eventually.await(Duration.ofSeconds(10), () -> server.openConnections() == 0 && layer.groupCount() == 0
                    && DISCONNECTS.get() == CONNECTING.get(), "every reset connection closed and left its groups");
            assertEquals(0, server.openConnections(), "connections counted as open");
            assertEquals(0, layer.groupCount(), "groups with members left");
            assertEquals(CONNECTING.get(), DISCONNECTS.get(), "a disconnect for every connect");
        } finally {
            server.stop();
        }
    }
}
