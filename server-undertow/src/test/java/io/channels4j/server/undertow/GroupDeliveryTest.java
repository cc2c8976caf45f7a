package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.BaseConsumer;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import io.channels4j.core.Volatile;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.metrics.MeteredChannelLayer;
import io.channels4j.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room's messages reach every member, the sender of a burst included; a member that cannot take one is
 * handled by its policy (closed with 1008, or the message dropped), counted in the metrics and logged.
 */
@Timeout(120)
class GroupDeliveryTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile CountDownLatch started = NEVER;
    private static volatile CountDownLatch release = NEVER;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InMemoryChannelLayer layer;
    private UndertowServer server;

    /** The sample chat's shape: a client's frame goes to the room, the room's messages go to the client. */
    static final class Chat extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receive(String text) {
            channelLayer().groupSend("room", Message.of("chat.message", "text", text));
        }

        @NonBlocking
        void chatMessage(Message event) {
            send(event.getString("text"));
        }
    }

    /** A member whose handler is held on "hold" until the test releases it. */
    static final class Stuck extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        void hold(Message event) throws InterruptedException {
            started.countDown();
            release.await();
        }

        void note(Message event) {
            send(event.getString("text"));
        }

        @Volatile
        void typing(Message event) {
            send(event.getString("text"));
        }
    }

    private void start(Class<? extends BaseConsumer> consumer, int capacity) {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        layer = InMemoryChannelLayer.builder().capacity(capacity).build();
        MeteredChannelLayer metered = new MeteredChannelLayer(layer, meters);
        server = UndertowServer.builder().port(0).meterRegistry(meters).application(ConsumerFactory.reflective(metered).of(consumer))
                .settings(ServerSettings.builder().accessLog(false).build()).build().start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    private double skipped() {
        return meters.get("channels4j.layer.deliveries.skipped").functionCounter().count();
    }

    @Test
    void aMemberSendingABurstGetsEveryOneOfItsRoomsMessagesInOrderLikeEveryOtherMember() throws Exception {
        start(Chat.class, InMemoryChannelLayer.DEFAULT_CAPACITY);
        List<ClientSocket> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(ClientSocket.open(server.port(), "/room/"));
        }
        Eventually.await(Duration.ofSeconds(5), () -> layer.subscriptionCount() == 3, "three members joined");
        int burst = 5000;
        ClientSocket sender = members.get(0);
        for (int i = 0; i < burst; i++) {
            sender.socket.sendText(Integer.toString(i), true).join(); // as fast as the client can write
        }
        Eventually.await(Duration.ofSeconds(90), () -> members.stream().allMatch(m -> m.texts.size() >= burst || m.closed.isDone()),
                "every member received the burst or was closed");
        List<String> expected = IntStream.range(0, burst).mapToObj(Integer::toString).toList();
        for (ClientSocket member : members) {
            assertFalse(member.closed.isDone(), "no member was closed");
            assertEquals(expected, member.drain(), "all " + burst + " messages, in order, the sender's own copies included");
        }
        assertEquals(0.0, skipped());
        assertEquals(0L, layer.skippedDeliveries());
    }

    @Test
    void aMemberThatCannotTakeAReliableMessageIsClosedWith1008AndCounted() throws Exception {
        start(Stuck.class, 4);
        ClientSocket member = ClientSocket.open(server.port(), "/room/");
        Eventually.await(Duration.ofSeconds(5), () -> layer.subscriptionCount() == 1, "the member joined");
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            layer.groupSend("room", Message.of("note", "text", "n" + i));
        }
        assertEquals(1008, member.closeCode());
        assertEquals("consumer too slow: mailbox full", member.closeReason);
        assertEquals(6.0, skipped(), "four fitted; the fifth closed it, and it took none after");
        Eventually.await(Duration.ofSeconds(5), () -> meters.find("channels4j.connections.closed").tag("code", "1008").counter() != null,
                "the close is counted by its code");
        assertTrue(member.drain().isEmpty(), "nothing after the close");
    }

    @Test
    void aVolatileMessageAMemberCannotTakeIsDroppedCountedAndLoggedOnceAndTheMemberStays() throws Exception {
        start(Stuck.class, 4);
        ClientSocket member = ClientSocket.open(server.port(), "/room/");
        Eventually.await(Duration.ofSeconds(5), () -> layer.subscriptionCount() == 1, "the member joined");
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        String log;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 10; i++) {
                layer.groupSend("room", Message.of("typing", "text", "t" + i));
            }
        } finally {
            System.setErr(err);
            log = captured.toString(StandardCharsets.UTF_8);
        }
        assertEquals(6.0, skipped(), "four fitted, six were dropped and counted");
        List<String> warnings = log.lines().filter(line -> line.contains("WARN") && line.contains("not delivered")).toList();
        assertEquals(1, warnings.size(), "one warning for six drops within the interval: " + log);
        assertTrue(warnings.get(0).contains("1 message(s) to group 'room' not delivered"), "the first drop is logged at once: " + warnings.get(0));
        release.countDown();
        Eventually.await(Duration.ofSeconds(5), () -> member.texts.size() >= 4, "what fitted arrived");
        layer.groupSend("room", Message.of("note", "text", "end"));
        Eventually.await(Duration.ofSeconds(5), () -> member.texts.size() >= 5, "a later message arrived");
        assertEquals(List.of("t0", "t1", "t2", "t3", "end"), member.drain());
        assertFalse(member.closed.isDone(), "the member stays connected");
    }

    /** Writes to both streams: the console keeps its log while the test reads it. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
