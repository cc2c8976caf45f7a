package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.DeferredInstance;
import io.channels4j.core.Event;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.Scope;
import io.channels4j.core.WebsocketConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ConsumerLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    static final class FailsOnConnect extends WebsocketConsumer {
        @Override
        protected void connect() {
            throw new IllegalStateException("database down");
        }
    }

    static final class FailsOnReceive extends WebsocketConsumer {
        private final LinkedBlockingQueue<String> events;

        FailsOnReceive(LinkedBlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        protected void receive(String text) {
            throw new IllegalStateException("boom");
        }

        @Override
        protected void disconnect(int code) {
            events.add("disconnect " + code);
        }
    }

    static final class Refuses extends WebsocketConsumer {
        private final LinkedBlockingQueue<String> events;

        Refuses(LinkedBlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        protected void connect() {
            close(4003, "go away");
        }

        @Override
        protected void disconnect(int code) {
            events.add("refused disconnect");
        }
    }

    static final class SendsTooEarly extends WebsocketConsumer {
        @Override
        protected void connect() {
            send("hi");
        }
    }

    static final class Grouped extends WebsocketConsumer {
        private final LinkedBlockingQueue<String> events;

        Grouped(LinkedBlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        protected List<String> groups() {
            return List.of("lobby", "everyone");
        }

        @Override
        protected void disconnect(int code) {
            events.add("grouped disconnect " + code);
        }

        void ping(Message m) {
            send("pong");
        }
    }

    static final class Ordered extends WebsocketConsumer {
        private int inFlight;

        @Override
        protected void receive(String text) throws InterruptedException {
            inFlight++;
            if (inFlight != 1) {
                send("overlap!");
            }
            TimeUnit.MILLISECONDS.sleep(2); // a handler that blocks a little, as a database call would
            send(text);
            inFlight--;
        }
    }

    static final class Json extends JsonWebsocketConsumer {
        @Override
        protected void receiveJson(JsonNode content) {
            sendJson(Map.of("got", content.path("message").asText()));
        }
    }

    static final class Blocked extends WebsocketConsumer {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        protected void receive(String text) throws InterruptedException {
            RELEASE.await();
        }
    }

    static final class Subprotocols extends WebsocketConsumer {
        @Override
        protected void connect() {
            accept(scope().subprotocols().contains("chat.v2") ? "chat.v2" : null);
        }
    }

    @io.channels4j.core.NonBlocking
    static final class InlineEcho extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(text + " on " + Thread.currentThread().getName());
        }
    }

    static final class PooledEcho extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(text + " on " + Thread.currentThread().getName());
        }
    }

    @Test
    void handlersRunOffTheDeliveringThreadUnlessTheConsumerIsNonBlocking() {
        String caller = Thread.currentThread().getName();
        try (WebsocketCommunicator pooled = WebsocketCommunicator.of(ConsumerFactory.reflective().of(PooledEcho.class), "/p/");
             WebsocketCommunicator inline = WebsocketCommunicator.of(ConsumerFactory.reflective().of(InlineEcho.class), "/i/")) {
            assertTrue(pooled.connect().accepted());
            assertTrue(inline.connect().accepted());
            pooled.sendTo("a");
            inline.sendTo("b");
            assertTrue(!pooled.receiveFrom(WAIT).equals("a on " + caller), "a handler may block, so it never runs on the caller");
            assertEquals("b on " + caller, inline.receiveFrom(WAIT));
            for (int i = 0; i < 20; i++) {
                inline.sendTo("m" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i + " on " + caller, inline.receiveFrom(WAIT));
            }
        }
    }

    @Test
    void withExecutorKeepsNonBlocking() {
        String caller = Thread.currentThread().getName();
        java.util.concurrent.ExecutorService own = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "own-handler"));
        try (WebsocketCommunicator inline = WebsocketCommunicator.of(ConsumerFactory.reflective().of(InlineEcho.class).withExecutor(own), "/i/")) {
            assertTrue(inline.connect().accepted());
            // the first messages may still find the connect handler's drain running on the executor; once the
            // mailbox is idle, an inline consumer handles the next one on the delivering thread
            boolean ranInline = false;
            for (int i = 0; i < 100 && !ranInline; i++) {
                inline.sendTo("m" + i);
                ranInline = inline.receiveFrom(WAIT).equals("m" + i + " on " + caller);
            }
            assertTrue(ranInline, "a @NonBlocking consumer with its own executor still runs inline");
        } finally {
            own.shutdown();
        }
    }

    /** Takes group messages inline, but its client messages may block and stay on the pool. */
    static final class InlineGroupMessages extends WebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("inline-room");
        }

        @Override
        protected void receive(String text) {
            send("receive on " + Thread.currentThread().getName());
        }

        @io.channels4j.core.NonBlocking
        void notice(Message m) {
            send("notice on " + Thread.currentThread().getName());
        }
    }

    @Test
    void aNonBlockingHandlerMethodTakesGroupMessagesInlineWhileOtherHandlersStayOnThePool() {
        String caller = Thread.currentThread().getName();
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective(layer).of(InlineGroupMessages.class), "/g/")) {
            assertTrue(ws.connect().accepted());
            assertTrue(ws.receiveNothing()); // the connect handler has finished: the mailbox is idle
            layer.groupSend("inline-room", Message.of("notice"));
            assertEquals("notice on " + caller, ws.receiveFrom(WAIT));
            ws.sendTo("x");
            assertTrue(!ws.receiveFrom(WAIT).equals("receive on " + caller));
        }
    }

    static final class ReportsConnectThread extends WebsocketConsumer {
        private String connectThread;

        @Override
        protected void connect() {
            connectThread = Thread.currentThread().getName();
            accept();
        }

        @Override
        protected void receive(String text) {
            send(connectThread);
        }
    }

    @Test
    void aConsumerBehindBlockingMiddlewareConnectsOnTheThreadThatPreparedIt() throws InterruptedException {
        LinkedBlockingQueue<Runnable> preparing = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Event> sent = new LinkedBlockingQueue<>();
        Application consumer = ConsumerFactory.reflective().of(ReportsConnectThread.class);
        ApplicationInstance instance = DeferredInstance.open(Scope.builder(Scope.Type.WEBSOCKET).path("/prepared/").build(),
                sent::add, consumer, scope -> scope, preparing::add);
        instance.receive(Event.WebsocketConnect.INSTANCE); // as the server does: the connect waits for the middleware
        Thread preparer = new Thread(preparing.poll(), "preparer");
        preparer.start();
        preparer.join();
        assertTrue(sent.poll(2, TimeUnit.SECONDS) instanceof Event.WebsocketAccept);
        instance.receive(Event.WebsocketReceive.text("which thread connected?"));
        Event reply = sent.poll(2, TimeUnit.SECONDS);
        assertEquals("preparer", ((Event.WebsocketSend) reply).text(), "no second thread switch between preparing and connecting");
    }

    @Test
    void handlerErrorBeforeAcceptRefusesWith500() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(FailsOnConnect.class), "/x/")) {
            ConnectResult result = ws.connect();
            assertFalse(result.accepted());
            assertEquals(500, result.status());
        }
    }

    @Test
    void handlerErrorAfterAcceptClosesWith1011AndStillRunsDisconnect() throws InterruptedException {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(() -> new FailsOnReceive(events)), "/x/")) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("anything");
            assertEquals(1011, ws.receiveCloseFrom(WAIT).code());
            assertEquals("disconnect 1011", events.poll(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeBeforeAcceptRefusesWithTheCodeAndRunsDisconnect() throws InterruptedException {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(() -> new Refuses(events)), "/x/")) {
            ConnectResult result = ws.connect();
            assertFalse(result.accepted());
            assertEquals(4003, result.closeCode());
            assertEquals(403, result.status());
            assertEquals("refused disconnect", events.poll(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void sendingBeforeAcceptIsAnErrorThatRefusesTheHandshake() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(SendsTooEarly.class), "/x/")) {
            assertEquals(500, ws.connect().status());
        }
    }

    @Test
    void abruptDisconnectLeavesGroupsAndFreesTheChannel() throws InterruptedException {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective(layer).of(() -> new Grouped(events)), "/x/");
        assertTrue(ws.connect().accepted());
        assertEquals(2, layer.groupCount());
        layer.groupSend("lobby", Message.of("ping"));
        assertEquals("pong", ws.receiveFrom(WAIT));
        ws.disconnect(1006);
        assertEquals("grouped disconnect 1006", events.poll(2, TimeUnit.SECONDS));
        assertEquals(0, layer.groupCount());
        assertEquals(0, layer.subscriptionCount());
    }

    @Test
    void handlersRunOneAtATimeInArrivalOrder() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Ordered.class), "/x/")) {
            assertTrue(ws.connect().accepted());
            for (int i = 0; i < 50; i++) {
                ws.sendTo("m" + i);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("m" + i, ws.receiveFrom(WAIT));
            }
        }
    }

    @Test
    void invalidJsonGetsAnErrorAndTheSocketStaysOpen() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(Json.class), "/x/")) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("{not json");
            assertTrue(String.valueOf(ws.receiveJsonFrom(WAIT).get("error")).startsWith("invalid JSON"));
            ws.sendBytesTo(new byte[] {1});
            assertTrue(String.valueOf(ws.receiveJsonFrom(WAIT).get("error")).contains("binary"));
            ws.sendJsonTo(Map.of("message", "still here"));
            assertEquals(Map.of("got", "still here"), ws.receiveJsonFrom(WAIT));
        }
    }

    @Test
    void aBlockedConsumerDoesNotHoldUpOthers() {
        Application blocked = ConsumerFactory.reflective().of(Blocked.class);
        Application echo = ConsumerFactory.reflective().of(Ordered.class);
        try (WebsocketCommunicator stuck = WebsocketCommunicator.of(blocked, "/stuck/");
             WebsocketCommunicator free = WebsocketCommunicator.of(echo, "/free/")) {
            assertTrue(stuck.connect().accepted());
            stuck.sendTo("block");
            assertTrue(free.connect().accepted());
            free.sendTo("still served");
            assertEquals("still served", free.receiveFrom(WAIT));
            Blocked.RELEASE.countDown();
        }
    }

    @Test
    void consumerChoosesAnOfferedSubprotocol() {
        Application app = ConsumerFactory.reflective().of(Subprotocols.class);
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/x/").subprotocols("chat.v1", "chat.v2")) {
            assertEquals("chat.v2", ws.connect().subprotocol());
        }
    }

    @Test
    void aConsumerThatFallsBehindIsFullForDirectSends() {
        InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(3).build();
        java.util.concurrent.atomic.AtomicReference<String> channel = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch hold = new CountDownLatch(1);
        Application app = ConsumerFactory.reflective(layer).of(() -> new WebsocketConsumer() {
            @Override
            protected void connect() {
                channel.set(channelName());
                accept();
            }

            @Override
            protected void receive(String text) throws InterruptedException {
                hold.await();
            }

            void work(Message m) {
            }
        });
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/x/")) {
            assertTrue(ws.connect().accepted());
            ws.sendTo("hold the handler");
            for (int i = 0; i < 3; i++) {
                layer.send(channel.get(), Message.of("work"));
            }
            assertThrows(ChannelFullException.class, () -> layer.send(channel.get(), Message.of("work")));
            hold.countDown();
        }
    }

    @Test
    void disconnectEventIsDeliveredOnceEvenIfTheClientAlsoCloses() {
        WebsocketCommunicator ws = WebsocketCommunicator.of(ConsumerFactory.reflective().of(() -> new FailsOnReceive(events)), "/x/");
        assertTrue(ws.connect().accepted());
        ws.sendTo("fail");
        Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
        assertEquals("internal error", close.reason());
        ws.disconnect();
        assertTrue(ws.receiveNothing());
        assertEquals(1, events.size());
    }
}
