package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.Message;
import io.channels4j.core.Scope;
import io.channels4j.core.Volatile;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group messages from Redis that find a local consumer full are handled by its policy and counted, never lost unseen. */
@Timeout(30)
class LocalDeliveryTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile CountDownLatch started = NEVER;
    private static volatile CountDownLatch release = NEVER;

    private final LinkedBlockingQueue<Event> out = new LinkedBlockingQueue<>();
    private RedisChannelLayer layer;
    private ApplicationInstance instance;

    /** A member whose handler is held on "hold" until the test releases it. */
    static final class Stuck extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        void hold(Message m) throws InterruptedException {
            started.countDown();
            release.await();
        }

        void note(Message m) {
            send(m.getString("text"));
        }

        @Volatile
        void typing(Message m) {
            send(m.getString("text"));
        }
    }

    @AfterEach
    void end() {
        release.countDown();
        if (instance != null) {
            instance.receive(new Event.WebsocketDisconnect(1000, ""));
            instance.finished().toCompletableFuture().join();
        }
        if (layer != null) {
            layer.close();
        }
    }

    private void connect() throws Exception {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        layer = RedisChannelLayer.builder().url(RedisAvailable.url()).prefix("test" + ChannelNames.randomLetters(8)).capacity(4).build();
        instance = ConsumerFactory.reflective(layer).of(Stuck.class).open(Scope.builder(Scope.Type.WEBSOCKET).path("/room/").build(), out::add);
        instance.receive(Event.WebsocketConnect.INSTANCE);
        assertInstanceOf(Event.WebsocketAccept.class, next());
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS), "the handler is held");
    }

    private Event next() throws InterruptedException {
        Event event = out.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event from the consumer within 5 s");
        }
        return event;
    }

    @Test
    void aLocalConsumerThatCannotTakeAReliableGroupMessageIsClosedWith1008AndCounted() throws Exception {
        connect();
        for (int i = 0; i < 10; i++) {
            layer.groupSend("room", Message.of("note", "text", "n" + i));
        }
        Event.WebsocketClose close = (Event.WebsocketClose) next();
        assertEquals(1008, close.code());
        Eventually.await(Duration.ofSeconds(5), () -> layer.skippedDeliveries() == 6, "four fitted and six were refused and counted");
        assertEquals(6, layer.skippedDeliveries());
    }

    @Test
    void aVolatileGroupMessageALocalConsumerCannotTakeIsDroppedAndCountedAndTheSocketStays() throws Exception {
        connect();
        for (int i = 0; i < 10; i++) {
            layer.groupSend("room", Message.of("typing", "text", "t" + i));
        }
        Eventually.await(Duration.ofSeconds(5), () -> layer.skippedDeliveries() == 6, "six dropped and counted");
        release.countDown();
        List<String> texts = new ArrayList<>();
        while (texts.size() < 4) {
            texts.add(((Event.WebsocketSend) next()).text());
        }
        assertEquals(List.of("t0", "t1", "t2", "t3"), texts);
        layer.groupSend("room", Message.of("note", "text", "end"));
        assertEquals("end", ((Event.WebsocketSend) next()).text(), "the socket stays open");
        assertEquals(6, layer.skippedDeliveries());
    }
}
