package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A consumer's mailbox is bounded both ways, and a message it cannot take is handled by policy, never lost unseen. */
@Timeout(20)
class ConsumerMailboxTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile CountDownLatch started = NEVER;
    private static volatile CountDownLatch release = NEVER;

    private final LinkedBlockingQueue<Event> out = new LinkedBlockingQueue<>();
    private ApplicationInstance instance;

    /** Echoes client frames; "block" (a frame or a "hold" message) holds the handler until released. */
    static final class Member extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("room");
        }

        @Override
        protected void receive(String text) throws InterruptedException {
            if (text.equals("block")) {
                hold(null);
            } else {
                send(text);
            }
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

        @Latest("symbol")
        void price(Message m) {
            send(m.getString("symbol") + m.get("value"));
        }
    }

    @AfterEach
    void end() {
        release.countDown();
        if (instance != null) {
            instance.receive(new Event.WebsocketDisconnect(1000, ""));
        }
    }

    private InMemoryChannelLayer connect(int capacity) throws InterruptedException {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(capacity).build();
        instance = ConsumerFactory.reflective(layer).of(Member.class)
                .open(Scope.builder(Scope.Type.WEBSOCKET).path("/room/").build(), out::add);
        instance.receive(Event.WebsocketConnect.INSTANCE);
        assertInstanceOf(Event.WebsocketAccept.class, next());
        return layer;
    }

    private Event next() throws InterruptedException {
        Event event = out.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event from the consumer within 5 s");
        }
        return event;
    }

    private List<String> sentTexts(int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            Event event = next();
            if (event instanceof Event.WebsocketSend) {
                texts.add(((Event.WebsocketSend) event).text());
            }
        }
        return texts;
    }

    @Test
    void pausesTheClientsFramesWhileTheyWaitUnhandledAndResumesOnceHandled() throws Exception {
        connect(10); // at most 5 client frames wait unhandled
        instance.receive(Event.WebsocketReceive.text("block"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            instance.receive(Event.WebsocketReceive.text("m" + i));
        }
        assertInstanceOf(Event.WebsocketPause.class, next(), "the server is asked to stop reading the socket");
        assertNull(out.poll(), "nothing else while the handler is held");
        release.countDown();
        List<String> texts = new ArrayList<>();
        boolean resumed = false;
        while (texts.size() < 10) {
            Event event = next();
            if (event instanceof Event.WebsocketResume) {
                resumed = true;
            } else {
                texts.add(((Event.WebsocketSend) event).text());
            }
        }
        assertTrue(resumed, "reading resumes once the frames are handled");
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), texts);
    }

    @Test
    void aReliableMessageThatFindsTheMailboxFullClosesTheSocketWith1008AndIsCounted() throws Exception {
        InMemoryChannelLayer layer = connect(2);
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            layer.groupSend("room", Message.of("note", "text", "n" + i));
        }
        Event.WebsocketClose close = (Event.WebsocketClose) next();
        assertEquals(CloseCodes.POLICY_VIOLATION, close.code());
        assertEquals("consumer too slow: mailbox full", close.reason());
        assertEquals(1, layer.skippedDeliveries());
        layer.groupSend("room", Message.of("note", "text", "after"));
        assertEquals(2, layer.skippedDeliveries(), "what a closing consumer cannot send is refused and counted too");
    }

    @Test
    void aVolatileMessageThatFindsTheMailboxFullIsDroppedAndCountedAndTheSocketStays() throws Exception {
        InMemoryChannelLayer layer = connect(2);
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            layer.groupSend("room", Message.of("typing", "text", "t" + i));
        }
        assertEquals(3, layer.skippedDeliveries());
        release.countDown();
        assertEquals(List.of("t0", "t1"), sentTexts(2), "what fitted arrives, in order");
        layer.groupSend("room", Message.of("note", "text", "end"));
        assertEquals(List.of("end"), sentTexts(1), "the socket stays open");
    }

    @Test
    void aLatestMessageThatFindsTheMailboxFullReplacesTheUnhandledOneWithItsKey() throws Exception {
        InMemoryChannelLayer layer = connect(2);
        layer.groupSend("room", Message.of("hold"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        layer.groupSend("room", Message.of("price", "symbol", "A", "value", 1));
        layer.groupSend("room", Message.of("price", "symbol", "B", "value", 1));
        layer.groupSend("room", Message.of("price", "symbol", "A", "value", 2));
        layer.groupSend("room", Message.of("price", "symbol", "A", "value", 3));
        layer.groupSend("room", Message.of("price", "symbol", "C", "value", 1)); // no C waits: one past the capacity
        assertEquals(0, layer.skippedDeliveries(), "conflated, not skipped");
        release.countDown();
        assertEquals(List.of("A3", "B1", "C1"), sentTexts(3));
    }
}
