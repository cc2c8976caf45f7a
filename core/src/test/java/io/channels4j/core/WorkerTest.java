package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WorkerTest {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    static final class Recording extends GenericConsumer {
        private final LinkedBlockingQueue<String> events;

        Recording(LinkedBlockingQueue<String> events) {
            this.events = events;
        }

        void task(Message task) {
            events.add("task on " + scope().channel());
        }

        @Override
        protected void disconnect() {
            events.add("disconnect on " + scope().channel());
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void stoppingAWorkerEndsItsConsumersAndJoinsItsThreads() throws InterruptedException {
        InMemoryChannelLayer layer = new InMemoryChannelLayer();
        Worker worker = Worker.start(layer, ConsumerFactory.reflective(layer).of(() -> new Recording(events)), "stopping.a", "stopping.b");
        layer.send("stopping.a", Message.of("task"));
        assertEquals("task on stopping.a", events.poll(5, TimeUnit.SECONDS));
        assertEquals(2, layer.subscriptionCount());
        worker.close();
        assertTrue(events.remove("disconnect on stopping.a"), events.toString());
        assertTrue(events.remove("disconnect on stopping.b"), events.toString());
        assertEquals(0, layer.subscriptionCount());
        assertFalse(threadAlive("channels4j-worker-stopping.a"));
        assertFalse(threadAlive("channels4j-worker-stopping.b"));
        assertEquals(0, layer.channelCount(), "the cancelled receive freed its channel");
    }

    @Test
    void aLayerOutageIsLoggedOnceAndTheRecoveryOnce() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(20);
        InMemoryChannelLayer real = new InMemoryChannelLayer();
        ChannelLayer flaky = new Flaky(real, failuresLeft);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Worker worker = Worker.start(flaky, ConsumerFactory.reflective(real).of(() -> new Recording(events)), Duration.ofMillis(1), "flaky")) {
            real.send("flaky", Message.of("task"));
            assertEquals("task on flaky", events.poll(10, TimeUnit.SECONDS));
        } finally {
            System.setErr(err);
        }
        events.clear();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, failuresLeft.get());
        assertEquals(1, count(log, "Worker could not read channel 'flaky'"), log);
        assertEquals(1, count(log, "Worker reads channel 'flaky' again"), log);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** A layer whose first receives fail, as a Redis layer's do while Redis is down. */
    private static final class Flaky implements ChannelLayer {
        private final ChannelLayer real;
        private final AtomicInteger failuresLeft;

        Flaky(ChannelLayer real, AtomicInteger failuresLeft) {
            this.real = real;
            this.failuresLeft = failuresLeft;
        }

        @Override
        public CompletableFuture<Message> receive(String channel) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new ChannelLayerException("layer down"));
            }
            return real.receive(channel);
        }

        @Override
        public void send(String channel, Message message) {
            real.send(channel, message);
        }

        @Override
        public String newChannel(String prefix) {
            return real.newChannel(prefix);
        }

        @Override
        public ChannelSubscription subscribe(MessageListener listener) {
            return real.subscribe(listener);
        }

        @Override
        public void groupAdd(String group, String channel) {
            real.groupAdd(group, channel);
        }

        @Override
        public void groupDiscard(String group, String channel) {
            real.groupDiscard(group, channel);
        }

        @Override
        public void groupSend(String group, Message message) {
            real.groupSend(group, message);
        }

        @Override
        public void flush() {
            real.flush();
        }
    }
}
