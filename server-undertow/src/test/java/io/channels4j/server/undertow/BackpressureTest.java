package io.channels4j.server.undertow;

import java.time.Duration;
import io.channels4j.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Delivery;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.WebsocketConsumer;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that stops reading costs the server a bounded buffer, then its connection; everyone else gets everything. */
@Timeout(180)
class BackpressureTest {
    private static final int LIMIT = 1024 * 1024;
    private final InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(1000).build();
    private UndertowServer server;

    static final class Room extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        void chunk(Message m) {
            sendJson(m.without("type"));
        }
    }

    /** On "volatile" or "latest" it sends 5,000 numbered 1 KiB messages with that delivery, then "end". */
    static final class Ticker extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            String padding = "x".repeat(1024);
            for (int i = 0; i < 5000; i++) {
                send("{\"n\":" + i + ",\"pad\":\"" + padding + "\"}", text.equals("volatile") ? Delivery.VOLATILE : Delivery.latest("price"));
            }
            if (text.equals("volatile")) {
                send("{\"n\":\"end\"}"); // reliable: it waits for room instead of being dropped
            } else {
                send("{\"n\":\"end\"}", Delivery.latest("price"));
            }
        }
    }

    private UndertowServer start(Class<? extends io.channels4j.core.BaseConsumer> consumer, int limit) {
        server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective(layer).of(consumer))
                .settings(ServerSettings.builder().maxOutboundBytes(limit).accessLog(false).build()).build().start();
        return server;
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Counts the numbered chunks it reads and checks they come in order. */
    static final class Reader implements WebSocket.Listener {
        final AtomicInteger received = new AtomicInteger();
        volatile String problem;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                int n = Integer.parseInt(partial.substring(partial.indexOf(":") + 1, partial.indexOf(",")));
                if (n != received.get()) {
                    problem = "expected chunk " + received.get() + ", got " + n;
                }
                received.incrementAndGet();
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void aSlowReaderIsClosedWhileEveryOtherMemberGetsEveryMessageInOrder() throws Exception {
        start(Room.class, LIMIT);
        Reader first = new Reader();
        Reader second = new Reader();
        for (Reader reader : List.of(first, second)) {
            ClientSocket.HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/room/"), reader).get(5, TimeUnit.SECONDS);
        }
        RawWebsocket slow = RawWebsocket.connect(server.port(), "/room/", 4096); // connects, then never reads
        Eventually.await(Duration.ofSeconds(5), () -> layer.subscriptionCount() == 3, "three members joined");
        String data = "d".repeat(64 * 1024);
        int chunks = 1600; // 100 MiB to each member
        AtomicLong maxBuffered = new AtomicLong();
        for (int i = 0; i < chunks; i++) {
            layer.groupSend("room", Message.of("chunk", "n", i, "data", data));
            int sent = i;
            // the sender keeps pace with the good readers, as a real producer behind backpressure would
            Eventually.await(Duration.ofSeconds(30), () -> first.received.get() >= sent - 2 && second.received.get() >= sent - 2, "good readers keep up");
            maxBuffered.accumulateAndGet((long) server.meters().get("channels4j.outbound.buffered.bytes").gauge().value(), Math::max);
        }
        Eventually.await(Duration.ofSeconds(30), () -> first.received.get() == chunks && second.received.get() == chunks, "both good readers got every chunk");
        assertEquals(null, first.problem);
        assertEquals(null, second.problem);
        assertEquals(chunks, first.received.get());
        assertEquals(chunks, second.received.get());
        assertEquals(1.0, server.meters().get("channels4j.slow.clients.closed").counter().count());
        assertTrue(maxBuffered.get() <= 3L * (LIMIT + 70 * 1024), "buffered at most about three limits at once, saw " + maxBuffered.get());
        Eventually.await(Duration.ofSeconds(10), () -> layer.subscriptionCount() == 2, "the slow client's consumer left");
        assertEquals(2, layer.subscriptionCount(), "the slow client's consumer ended and left the room");
        slow.close();
    }

    @Test
    void volatileMessagesAreDroppedWhenTheBufferIsFullAndTheConnectionStays() throws Exception {
        start(Ticker.class, 16 * 1024);
        try (RawWebsocket client = RawWebsocket.connect(server.port(), "/t/", 4096)) {
            client.sendText("volatile");
            Eventually.await(Duration.ofSeconds(10), () -> server.meters().get("channels4j.messages.dropped").counter().count() > 0, "a volatile message dropped");
            assertTrue(server.meters().get("channels4j.messages.dropped").counter().count() > 0);
            int read = 0;
            RawWebsocket.Frame frame;
            while ((frame = client.read()) != null && frame.opcode() == RawWebsocket.TEXT && !frame.text().contains("end")) {
                read++;
            }
            assertTrue(read < 5000, "some volatile messages were dropped, not queued: read " + read);
            assertEquals(0.0, server.meters().get("channels4j.slow.clients.closed").counter().count());
        }
    }

    @Test
    void latestPerKeyConflatesUnsentMessagesAndDeliversTheNewest() throws Exception {
        start(Ticker.class, 16 * 1024);
        try (RawWebsocket client = RawWebsocket.connect(server.port(), "/t/", 4096)) {
            client.sendText("latest");
            Eventually.await(Duration.ofSeconds(10), () -> server.meters().get("channels4j.messages.conflated").counter().count() > 0, "a message conflated");
            int read = 0;
            String last = null;
            RawWebsocket.Frame frame;
            while ((frame = client.read()) != null) {
                read++;
                last = frame.text();
                if (last.contains("end")) {
                    break;
                }
            }
            assertEquals("{\"n\":\"end\"}", last, "the newest value for the key always arrives");
            assertTrue(read < 5001, "older unsent values were replaced, read " + read);
            assertEquals(0.0, server.meters().get("channels4j.slow.clients.closed").counter().count());
        }
    }
}
