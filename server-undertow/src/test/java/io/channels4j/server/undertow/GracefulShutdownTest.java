package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.WebsocketConsumer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GracefulShutdownTest {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    static final class Tracked extends WebsocketConsumer {
        private final LinkedBlockingQueue<String> events;

        Tracked(LinkedBlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        protected void receive(String text) throws InterruptedException {
            if (text.equals("block")) {
                events.add("blocking");
                new CountDownLatch(1).await(); // stands for a handler stuck on a slow database
            }
        }

        @Override
        protected void disconnect(int code) {
            events.add("disconnect " + code);
        }
    }

    @Test
    void stopClosesSocketsWith1012AndRunsDisconnect() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(() -> new Tracked(events))).build().start();
        ClientSocket client = ClientSocket.open(server.port(), "/x/");
        server.stop();
        assertEquals(1012, client.closeCode());
        assertEquals("disconnect 1012", events.poll(5, TimeUnit.SECONDS));
        assertEquals(0, server.openConnections());
        server.stop(); // idempotent
    }

    @Test
    void aBlockedHandlerIsInterruptedAfterTheTimeoutAndDisconnectStillRuns() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(() -> new Tracked(events)))
                .settings(ServerSettings.builder().shutdownTimeout(Duration.ofMillis(500)).build()).build().start();
        ClientSocket client = ClientSocket.open(server.port(), "/x/");
        client.socket.sendText("block", true);
        assertEquals("blocking", events.poll(5, TimeUnit.SECONDS));
        long started = System.nanoTime();
        server.stop();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "stop() returns within the timeout plus a grace second");
        assertEquals("disconnect 1012", events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void anApplicationThatEndsWithAFailureAtShutdownIsLoggedWithItsCause() throws Exception {
        Application failing = (scope, sender) -> new ApplicationInstance() {
            private final CompletableFuture<Void> finished = new CompletableFuture<>();

            @Override
            public void receive(Event event) {
                if (event instanceof Event.WebsocketConnect) {
                    sender.send(new Event.WebsocketAccept(null, Headers.EMPTY));
                } else if (event instanceof Event.WebsocketDisconnect) {
                    finished.completeExceptionally(new IllegalStateException("cleanup failed: lost the database"));
                }
            }

            @Override
            public CompletionStage<Void> finished() {
                return finished;
            }
        };
        UndertowServer server = UndertowServer.builder().port(0).application(failing).build().start();
        ClientSocket.open(server.port(), "/x/");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            server.stop();
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("ended with a failure while the server stopped"), log);
        assertTrue(log.contains("cleanup failed: lost the database"), log);
    }
}
