package io.channels4j.server.undertow;

import io.channels4j.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.WebsocketConsumer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that break the protocol, stall or vanish: each gets a clear answer, and nobody else notices. */
@Timeout(120)
class HostileClientTest {
    private static final InMemoryChannelLayer LAYER = new InMemoryChannelLayer();
    private static UndertowServer server;

    static final class Echo extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("everyone");
        }

        @Override
        protected void receive(String text) {
            send(text);
        }
    }

    @BeforeAll
    static void start() {
        server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(LAYER).of(Echo.class))
                .settings(ServerSettings.builder().maxMessageSize(64 * 1024).accessLog(false).build()).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static void wellBehavedClientIsServed() throws Exception {
        try (RawWebsocket good = RawWebsocket.connect(server.port(), "/good/")) {
            good.sendText("still fine");
            assertEquals("still fine", good.read().text());
        }
    }

    @Test
    void invalidUtf8InATextFrameCloses1007() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/")) {
            ws.send(true, RawWebsocket.TEXT, new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff}, true);
            assertEquals(1007, ws.awaitClose());
        }
        wellBehavedClientIsServed();
    }

    @Test
    void unmaskedClientFrameCloses1002() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/")) {
            ws.send(true, RawWebsocket.TEXT, "not masked".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, ws.awaitClose());
        }
        wellBehavedClientIsServed();
    }

    @Test
    void oversizedPingCloses1002() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/")) {
            ws.send(true, RawWebsocket.PING, new byte[200], true);
            assertEquals(1002, ws.awaitClose());
        }
        wellBehavedClientIsServed();
    }

    @Test
    void fragmentedMessageWithInterleavedPingIsReassembled() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/")) {
            ws.send(false, RawWebsocket.TEXT, "frag".getBytes(StandardCharsets.UTF_8), true);
            ws.send(true, RawWebsocket.PING, "p".getBytes(StandardCharsets.UTF_8), true);
            ws.send(false, RawWebsocket.CONTINUATION, "men".getBytes(StandardCharsets.UTF_8), true);
            ws.send(true, RawWebsocket.CONTINUATION, "ted".getBytes(StandardCharsets.UTF_8), true);
            RawWebsocket.Frame pong = ws.read();
            assertEquals(RawWebsocket.PONG, pong.opcode());
            assertEquals("p", pong.text());
            assertEquals("fragmented", ws.read().text());
        }
    }

    @Test
    void halfAFrameThenAStallHurtsNobody() throws Exception {
        try (RawWebsocket staller = RawWebsocket.connect(server.port(), "/x/")) {
            staller.socket.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0xfe, 0x10}); // a header promising 4 KiB, then nothing
            staller.socket.getOutputStream().flush();
            wellBehavedClientIsServed();
        }
    }

    @Test
    void oversizedMessageCloses1009() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/")) {
            ws.send(true, RawWebsocket.TEXT, new byte[100 * 1024], true);
            assertEquals(1009, ws.awaitClose());
        }
    }

    @Test
    void tenThousandConnectAbortCyclesLeaveNothingBehind() throws Exception {
        long threadsBefore = otherThreads();
        for (int i = 0; i < 10_000; i++) {
            if (i % 2 == 0) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoLinger(true, 0); // reset, not a polite close
                    socket.getOutputStream().write("GET /x/ HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } else {
                RawWebsocket ws = RawWebsocket.connect(server.port(), "/x/");
                ws.socket.setSoLinger(true, 0);
                ws.close();
            }
            if (i % 1000 == 0) {
                wellBehavedClientIsServed();
            }
        }
        Eventually.await(Duration.ofSeconds(30), () -> server.openConnections() == 0 && LAYER.subscriptionCount() == 0 && LAYER.groupCount() == 0, "every hostile connection cleaned up");
        assertEquals(0, server.openConnections(), "connections left open");
        assertEquals(0, LAYER.subscriptionCount(), "consumer channels left behind");
        assertEquals(0, LAYER.groupCount(), "group members left behind");
        assertTrue(otherThreads() <= threadsBefore + 5, "threads grew from " + threadsBefore + " to " + otherThreads());
        assertTrue(handlerThreads() <= Integer.getInteger("channels4j.handlerThreads", 64), "the handler pool stays bounded");
        wellBehavedClientIsServed();
    }

    private static long handlerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("channels4j-handler-")).count();
    }

    // the handler pool grows to its bound under load by design; every other thread must stay put
    private static long otherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("channels4j-handler-")).count();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDropped() throws Exception {
        UndertowServer strict = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(LAYER).of(Echo.class))
                .settings(ServerSettings.builder().pingInterval(Duration.ofMillis(200)).pingTimeout(Duration.ofMillis(400)).accessLog(false).build())
                .build().start();
        try (RawWebsocket silent = RawWebsocket.connect(strict.port(), "/x/")) {
            RawWebsocket.Frame ping = silent.read();
            assertEquals(RawWebsocket.PING, ping.opcode());
            // it never answers: the server drops it and its consumer leaves its groups
            assertEquals(1006, silent.awaitClose());
            Eventually.await(Duration.ofSeconds(5), () -> strict.openConnections() == 0, "the silent peer dropped");
            assertEquals(0, strict.openConnections());
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            strict.stop();
        }
    }
}
