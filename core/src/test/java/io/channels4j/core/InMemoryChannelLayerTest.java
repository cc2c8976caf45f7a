package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InMemoryChannelLayerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryChannelLayer layer = InMemoryChannelLayer.builder().capacity(2).clock(clock).build();

    @Test
    void freesAChannelOnceItIsEmptyAndNobodyWaits() {
        // channels layers.py InMemoryChannelLayer.receive: "if queue.empty(): del self.channels[channel]"
        int baseline = layer.channelCount();
        for (int round = 0; round < 20_000; round++) {
            String sentFirst = layer.newChannel();
            layer.send(sentFirst, Message.of("m"));
            assertEquals("m", layer.receive(sentFirst).join().type());
            String waitedFirst = layer.newChannel();
            CompletableFuture<Message> waiting = layer.receive(waitedFirst);
            layer.send(waitedFirst, Message.of("m"));
            assertEquals("m", waiting.join().type());
            layer.receive(layer.newChannel()).cancel(false);
        }
        assertEquals(baseline, layer.channelCount());
    }

    @Test
    void aChannelWithMessagesOrWaitersIsKept() {
        layer.send("kept.a", Message.of("m"));
        CompletableFuture<Message> waiting = layer.receive("kept.b");
        assertEquals(2, layer.channelCount());
        waiting.cancel(false);
        assertEquals(1, layer.channelCount());
        layer.receive("kept.a").join();
        assertEquals(0, layer.channelCount());
    }

    @Test
    void expiredMessagesAreNotDeliveredAndTheChannelLeavesItsGroups() {
        layer.groupAdd("g", "worker.queue");
        layer.send("worker.queue", Message.of("old"));
        clock.advance(Duration.ofSeconds(61));
        CompletableFuture<Message> next = layer.receive("worker.queue");
        assertFalse(next.isDone());
        assertEquals(1, layer.expiredMessages());
        assertEquals(0, layer.groupCount());
        next.cancel(false);
    }

    @Test
    void groupMembershipOfAQueueChannelExpiresAfterGroupExpiry() {
        layer.groupAdd("g", "worker.queue");
        clock.advance(Duration.ofSeconds(86_401));
        layer.groupSend("g", Message.of("x"));
        assertEquals(0, layer.groupCount());
        assertFalse(layer.receive("worker.queue").isDone());
    }

    @Test
    void subscribedChannelsKeepTheirGroupsWhileOpen() {
        List<Message> got = new ArrayList<>();
        ChannelSubscription sub = layer.subscribe(m -> got.add(m));
        layer.groupAdd("g", sub.channel());
        clock.advance(Duration.ofSeconds(90_000));
        layer.groupSend("g", Message.of("still.here"));
        assertEquals(1, got.size());
        sub.close();
        assertEquals(0, layer.groupCount());
        assertEquals(0, layer.subscriptionCount());
    }

    @Test
    void fullSubscriberIsChannelFullOnSendAndSkippedOnGroupSend() {
        ChannelSubscription full = layer.subscribe(m -> false);
        List<Message> got = new ArrayList<>();
        ChannelSubscription open = layer.subscribe(got::add);
        layer.groupAdd("g", full.channel());
        layer.groupAdd("g", open.channel());
        ChannelFullException e = assertThrows(ChannelFullException.class, () -> layer.send(full.channel(), Message.of("x")));
        assertEquals(full.channel(), e.channel());
        layer.groupSend("g", Message.of("y"));
        assertEquals(1, got.size());
        assertEquals(1, layer.skippedOverCapacity());
    }

    @Test
    void waitingReceiverGetsTheNextMessageDirectly() throws Exception {
        CompletableFuture<Message> waiting = layer.receive("q");
        layer.send("q", Message.of("hello"));
        assertEquals("hello", waiting.get().type());
        assertTrue(layer.toString().startsWith("InMemoryChannelLayer["));
    }
}
