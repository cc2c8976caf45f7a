package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Delivery;
import io.channels4j.core.Event;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.Eventually;
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
 * Frames queued for a socket while its IO thread is busy leave together, a few flushes for many frames, in order;
 * the Delivery policies decide exactly as they do for frames written one by one.
 */
@Timeout(60)
class CoalescedWritesTest {
    private UndertowServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    static final class Quiet extends WebsocketConsumer {
    }

    private void connect(int maxOutboundFrames) {
        server = UndertowServer.builder().port(0)
                .application(ConsumerFactory.reflective(InMemoryChannelLayer.builder().build()).of(Quiet.class))
                .settings(ServerSettings.builder().accessLog(false).maxOutboundFrames(maxOutboundFrames).build()).build().start();
    }

    private WebsocketConnection opened() {
        Eventually.await(Duration.ofSeconds(5), () -> server.context().registry().websockets().size() == 1, "the socket opened");
        return server.context().registry().websockets().iterator().next();
    }

    // the socket's IO thread waits for the test: whatever is sent meanwhile is queued for one drain
    private void holdIoThread(WebsocketConnection connection) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        connection.channel().getIoThread().execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(5, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void framesQueuedInOneDrainLeaveInOrderWithOneFlushPerSixtyFourFrames() throws Exception {
        connect(1000);
        ClientSocket client = ClientSocket.open(server.port(), "/");
        WebsocketConnection connection = opened();
        holdIoThread(connection);
        IoOutboxes outboxes = server.context().outboxes();
        long flushes = outboxes.flushes();
        long frames = outboxes.frames();
        for (int i = 0; i < 200; i++) {
            connection.send(Event.WebsocketSend.text("m" + i));
        }
        release.countDown();
        List<String> expected = IntStream.range(0, 200).mapToObj(i -> "m" + i).toList();
        Eventually.await(Duration.ofSeconds(10), () -> client.texts.size() >= 200, "all 200 frames arrived");
        assertEquals(expected, new ArrayList<>(client.texts), "in the order they were sent");
        assertEquals(200, outboxes.frames() - frames);
        assertEquals(4, outboxes.flushes() - flushes, "one flush per 64 frames held back and one at the end of the drain, not 200");
        assertEquals((double) outboxes.flushes(), server.meters().get("channels4j.outbox.flushes").functionCounter().count(),
                "the metric shows it");
    }

    @Test
    void latestMessagesConflateAndVolatileOnesDropWhileWritesAreCoalesced() throws Exception {
        connect(10);
        ClientSocket client = ClientSocket.open(server.port(), "/");
        WebsocketConnection connection = opened();
        holdIoThread(connection);
        for (int i = 0; i < 30; i++) {
            connection.send(Event.WebsocketSend.text("p" + i).with(Delivery.latest("price")));
        }
        for (int i = 0; i < 5; i++) {
            connection.send(Event.WebsocketSend.text("v" + i).with(Delivery.VOLATILE));
        }
        release.countDown();
        List<String> expected = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> "p" + i).toList());
        expected.add("p29"); // the newest of the conflated ones, once there is room; the volatile ones found none
        Eventually.await(Duration.ofSeconds(10), () -> client.texts.size() >= 11, "ten frames and the latest price arrived");
        connection.send(Event.WebsocketSend.text("end"));
        Eventually.await(Duration.ofSeconds(10), () -> client.texts.size() >= 12, "a later frame arrived");
        expected.add("end");
        assertEquals(expected, new ArrayList<>(client.texts));
    }

    @Test
    void aReliableMessageThatDoesNotFitClosesTheSocketAfterTheFramesThatDid() throws Exception {
        connect(10);
        ClientSocket client = ClientSocket.open(server.port(), "/");
        WebsocketConnection connection = opened();
        holdIoThread(connection);
        for (int i = 0; i < 20; i++) {
            connection.send(Event.WebsocketSend.text("r" + i));
        }
        release.countDown();
        assertEquals(1008, client.closeCode());
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "r" + i).toList(), new ArrayList<>(client.texts));
    }
}
