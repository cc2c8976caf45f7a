package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The semantics every {@link ChannelLayer} shares; a layer's test extends this class and says how to make
 * a fresh layer. Channels' layer rules: name validation, capacity, expiry, groups.
 * <pre>
 * class MyLayerContractTest extends ChannelLayerContract {
 *     &#64;Override protected ChannelLayer newLayer(int capacity, Duration expiry) { return new MyLayer(capacity, expiry); }
 * }
 * </pre>
 */
@Timeout(30)
public abstract class ChannelLayerContract {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private ChannelLayer layer;

    /** A fresh, empty layer with the given capacity and message expiry. */
    protected abstract ChannelLayer newLayer(int capacity, Duration expiry);

    private ChannelLayer layer() {
        if (layer == null) {
            layer = newLayer(3, Duration.ofSeconds(60));
        }
        return layer;
    }

    @AfterEach
    void closeLayer() {
        if (layer != null) {
            layer.close();
        }
    }

    private static Message receive(ChannelLayer layer, String channel) throws Exception {
        return layer.receive(channel).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void rejectsBadChannelAndGroupNamesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer().send("chat room", Message.of("x")));
        assertTrue(e.getMessage().contains("'chat room'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layer().groupAdd("bad group", "ok"));
        assertThrows(IllegalArgumentException.class, () -> layer().groupSend("caf\u00e9", Message.of("x")));
        assertThrows(IllegalArgumentException.class, () -> layer().send("a".repeat(100), Message.of("x")));
        assertDoesNotThrow(() -> layer().send("a".repeat(99), Message.of("x")));
    }

    @Test
    void sendThenReceive() throws Exception {
        layer().send("contract.one", Message.of("hello", "n", 1));
        assertEquals(Message.of("hello", "n", 1), receive(layer(), "contract.one"));
    }

    @Test
    void messagesKeepTheirOrderAndTheirValues() throws Exception {
        Map<String, Object> nested = Map.of("list", List.of(1, "two", true), "bytes", new byte[] {0, 1, 2, (byte) 255}, "n", 3.5);
        layer().send("contract.order", Message.of("a", "nested", nested));
        layer().send("contract.order", Message.of("b", "big", 10_000_000_000L, "none", null));
        assertEquals(Message.of("a", "nested", nested), receive(layer(), "contract.order"));
        assertEquals(Message.of("b", "big", 10_000_000_000L, "none", null), receive(layer(), "contract.order"));
    }

    @Test
    void receiveWaitsForTheNextMessage() throws Exception {
        CompletableFuture<Message> waiting = layer().receive("contract.wait");
        assertFalse(waiting.isDone());
        layer().send("contract.wait", Message.of("late"));
        assertEquals("late", waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
    }

    @Test
    void cancellingAReceiveLosesNoMessage() throws Exception {
        layer().receive("contract.cancel").cancel(false);
        layer().send("contract.cancel", Message.of("kept"));
        assertEquals("kept", receive(layer(), "contract.cancel").type());
    }

    @Test
    void newChannelsAreUniqueAndValid() {
        String a = layer().newChannel();
        String b = layer().newChannel();
        assertNotEquals(a, b);
        assertTrue(a.startsWith("specific."), a);
        assertDoesNotThrow(() -> layer().send(a, Message.of("x")));
    }

    @Test
    void sendBeyondCapacityIsChannelFull() {
        for (int i = 0; i < 3; i++) {
            layer().send("contract.full", Message.of("m"));
        }
        ChannelFullException e = assertThrows(ChannelFullException.class, () -> layer().send("contract.full", Message.of("m")));
        assertEquals("contract.full", e.channel());
    }

    @Test
    void subscribersGetMessagesPushed() throws Exception {
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        ChannelSubscription sub = layer().subscribe(got::add);
        layer().send(sub.channel(), Message.of("pushed"));
        assertEquals("pushed", got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
        sub.close();
    }

    @Test
    void groupSendReachesEveryMemberAndSkipsAFullOne() throws Exception {
        LinkedBlockingQueue<Message> a = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> b = new LinkedBlockingQueue<>();
        ChannelSubscription subA = layer().subscribe(a::add);
        ChannelSubscription subB = layer().subscribe(b::add);
        ChannelSubscription full = layer().subscribe(m -> false);
        layer().groupAdd("contract-room", subA.channel());
        layer().groupAdd("contract-room", subB.channel());
        layer().groupAdd("contract-room", full.channel());
        layer().groupAdd("contract-room", "contract.queue-member");
        assertDoesNotThrow(() -> layer().groupSend("contract-room", Message.of("hi")));
        assertEquals("hi", a.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
        assertEquals("hi", b.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
        assertEquals("hi", receive(layer(), "contract.queue-member").type());
        layer().groupDiscard("contract-room", subB.channel());
        layer().groupSend("contract-room", Message.of("again"));
        assertEquals("again", a.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
        assertEquals(null, b.poll(200, TimeUnit.MILLISECONDS));
        List.of(subA, subB, full).forEach(ChannelSubscription::close);
    }

    @Test
    void everyMemberThatCannotTakeAGroupMessageIsCountedAsSkipped() throws Exception {
        LinkedBlockingQueue<Message> open = new LinkedBlockingQueue<>();
        ChannelSubscription taking = layer().subscribe(open::add);
        ChannelSubscription full = layer().subscribe(m -> false);
        layer().groupAdd("contract-skips", taking.channel());
        layer().groupAdd("contract-skips", full.channel());
        layer().groupAdd("contract-skips", "contract.skip-queue");
        for (int i = 0; i < 5; i++) {
            layer().groupSend("contract-skips", Message.of("m" + i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, open.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).type());
        }
        // the refusing subscriber five times, the queue twice once it held its capacity of three
        Eventually.await(WAIT, () -> layer().skippedDeliveries() == 7, "seven skipped deliveries counted");
        List.of(taking, full).forEach(ChannelSubscription::close);
    }

    @Test
    void closingASubscriptionLeavesItsGroups() throws Exception {
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        ChannelSubscription sub = layer().subscribe(got::add);
        layer().groupAdd("contract-leave", sub.channel());
        sub.close();
        layer().groupSend("contract-leave", Message.of("nobody"));
        assertEquals(null, got.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void fullQueueMemberIsSkippedByGroupSend() throws Exception {
        layer().groupAdd("contract-q", "contract.q1");
        for (int i = 0; i < 5; i++) {
            layer().groupSend("contract-q", Message.of("m" + i));
        }
        assertEquals("m0", receive(layer(), "contract.q1").type());
        assertEquals("m1", receive(layer(), "contract.q1").type());
        assertEquals("m2", receive(layer(), "contract.q1").type());
        CompletableFuture<Message> fourth = layer().receive("contract.q1");
        assertEquals(null, fourth.completeOnTimeout(null, 300, TimeUnit.MILLISECONDS).get());
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        ChannelLayer shortLived = newLayer(10, Duration.ofMillis(300));
        try {
            shortLived.send("contract.expiring", Message.of("stale"));
            // the message must outlive its expiry: wait out the time itself, there is no event to wait for
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS)).join();
            shortLived.send("contract.expiring", Message.of("fresh"));
            assertEquals("fresh", receive(shortLived, "contract.expiring").type());
        } finally {
            shortLived.close();
        }
    }

    @Test
    void flushDropsQueuedMessages() {
        layer().send("contract.flush", Message.of("gone"));
        layer().flush();
        assertEquals(null, layer().receive("contract.flush").completeOnTimeout(null, 300, TimeUnit.MILLISECONDS).join());
    }
}
