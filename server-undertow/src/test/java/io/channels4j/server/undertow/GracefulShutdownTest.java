package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.WebsocketConsumer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GracefulShutdownTest {
    static final LinkedBlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    static final class Tracked extends WebsocketConsumer {
        @Override
        protected void receive(String text) throws InterruptedException {
            if (text.equals("block")) {
                EVENTS.add("blocking");
                new CountDownLatch(1).await(); // stands for a handler stuck on a slow database
            }
        }

        @Override
        protected void disconnect(int code) {
            EVENTS.add("disconnect " + code);
        }
    }

    @Test
    void stopClosesSocketsWith1012AndRunsDisconnect() throws Exception {
        EVENTS.clear();
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Tracked.class)).build().start();
        ClientSocket client = ClientSocket.open(server.port(), "/x/");
        server.stop();
        assertEquals(1012, client.closeCode());
        assertEquals("disconnect 1012", EVENTS.poll(5, TimeUnit.SECONDS));
        assertEquals(0, server.openConnections());
        server.stop(); // idempotent
    }

    @Test
    void aBlockedHandlerIsInterruptedAfterTheTimeoutAndDisconnectStillRuns() throws Exception {
        EVENTS.clear();
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Tracked.class))
                .settings(ServerSettings.builder().shutdownTimeout(Duration.ofMillis(500)).build()).build().start();
        ClientSocket client = ClientSocket.open(server.port(), "/x/");
        client.socket.sendText("block", true);
        assertEquals("blocking", EVENTS.poll(5, TimeUnit.SECONDS));
        long started = System.nanoTime();
        server.stop();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "stop() returns within the timeout plus a grace second");
        assertEquals("disconnect 1012", EVENTS.poll(5, TimeUnit.SECONDS));
    }
}
