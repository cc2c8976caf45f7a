package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HistoryGap;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group history and positions, the same on every layer and store: offsets from 1, by exactly 1, in delivery
 * order, atomically under concurrent senders; reads after a position, bounded reads, gaps; a wiped store
 * starts a new epoch; a consumer replays and goes live with no gap and no duplicate.
 * <pre>
 * class MyHistoryContractTest extends HistoryContract {
 *     &#64;Override protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) { ... }
 *     &#64;Override protected void wipeHistory(ChannelLayer layer) { ... }
 * }
 * </pre>
 */
@Timeout(60)
public abstract class HistoryContract {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<ChannelLayer> layers = new ArrayList<>();

    /** A fresh layer whose groups named {@code pattern} keep history by {@code policy}, with empty histories. */
    protected abstract ChannelLayer newLayer(String pattern, HistoryPolicy policy);

    /** Loses every history of {@code layer}'s store, as a wiped database or a Redis restarted empty does. */
    protected abstract void wipeHistory(ChannelLayer layer);

    private ChannelLayer layer(int size) {
        ChannelLayer layer = newLayer("hist.*", HistoryPolicy.keep(size, Duration.ofHours(1)));
        layers.add(layer);
        return layer;
    }

    @AfterEach
    void closeLayers() {
        layers.forEach(ChannelLayer::close);
    }

    private static LinkedBlockingQueue<Message> member(ChannelLayer layer, String group) {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        ChannelSubscription sub = layer.subscribe(received::add);
        layer.groupAdd(group, sub.channel());
        return received;
    }

    private static Message next(LinkedBlockingQueue<Message> queue) throws InterruptedException {
        Message message = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(message != null, "no message within " + WAIT);
        return message;
    }

    private static List<Long> offsets(HistoryPage page) {
        return page.messages().stream().map(m -> HistoryPosition.of(m).offset()).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> all = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void stampsEveryMessageWithConsecutiveOffsetsFromOneInOneEpoch() throws Exception {
        ChannelLayer layer = layer(100);
        LinkedBlockingQueue<Message> member = member(layer, "hist.room");
        for (int i = 1; i <= 5; i++) {
            layer.groupSend("hist.room", Message.of("chat.message", "n", i));
        }
        String epoch = null;
        for (int i = 1; i <= 5; i++) {
            Message message = next(member);
            HistoryPosition position = HistoryPosition.of(message);
            assertEquals(i, position.offset());
            assertEquals(i, ((Number) message.get("n")).intValue());
            if (epoch == null) {
                epoch = position.epoch();
            }
            assertEquals(epoch, position.epoch());
        }
        HistoryPage page = layer.history("hist.room", null, 50);
        assertEquals(range(1, 5), offsets(page));
        assertEquals(new HistoryPosition(5, epoch), page.top());
        assertEquals("chat.message", page.messages().get(0).type());
        assertEquals(1, ((Number) page.messages().get(0).get("n")).intValue());
    }

    @Test
    void groupsWithoutAPolicyKeepNothingAndAreNotStamped() throws Exception {
        ChannelLayer layer = layer(100);
        LinkedBlockingQueue<Message> member = member(layer, "plain.room");
        layer.groupSend("plain.room", Message.of("chat.message", "n", 1));
        assertNull(HistoryPosition.of(next(member)));
        assertNull(layer.historyPolicy("plain.room"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.history("plain.room", null, 10));
        assertTrue(e.getMessage().contains("'plain.room'"), e.getMessage());
    }

    @Test
    void readsExactlyTheMessagesAfterAnOffset() {
        ChannelLayer layer = layer(100);
        for (int i = 1; i <= 10; i++) {
            layer.groupSend("hist.resume", Message.of("chat.message", "n", i));
        }
        String epoch = layer.history("hist.resume", null, 1).top().epoch();
        HistoryPage page = layer.history("hist.resume", new HistoryPosition(4, epoch), 0);
        assertFalse(page.gap());
        assertEquals(range(5, 10), offsets(page));
        HistoryPage upToDate = layer.history("hist.resume", new HistoryPosition(10, epoch), 0);
        assertFalse(upToDate.gap());
        assertEquals(List.of(), upToDate.messages());
        assertEquals(range(8, 10), offsets(layer.history("hist.resume", null, 3)));
    }

    @Test
    void keepsOnlyTheLastSizeMessagesAndReportsOlderPositionsAsAGap() {
        ChannelLayer layer = layer(5);
        for (int i = 1; i <= 8; i++) {
            layer.groupSend("hist.small", Message.of("chat.message", "n", i));
        }
        HistoryPage latest = layer.history("hist.small", null, 50);
        assertEquals(range(4, 8), offsets(latest));
        String epoch = latest.top().epoch();
        assertTrue(layer.history("hist.small", new HistoryPosition(2, epoch), 0).gap());
        assertEquals(range(4, 8), offsets(layer.history("hist.small", new HistoryPosition(3, epoch), 0)));
    }

    @Test
    void anotherEpochOrAnOffsetAheadIsAGap() {
        ChannelLayer layer = layer(100);
        layer.groupSend("hist.epochs", Message.of("chat.message"));
        HistoryPosition top = layer.history("hist.epochs", null, 1).top();
        HistoryPage otherEpoch = layer.history("hist.epochs", new HistoryPosition(0, "someother"), 0);
        assertTrue(otherEpoch.gap());
        assertEquals(top, otherEpoch.top());
        assertTrue(layer.history("hist.epochs", new HistoryPosition(2, top.epoch()), 0).gap());
        assertFalse(layer.history("hist.epochs", new HistoryPosition(0, top.epoch()), 0).gap());
    }

    @Test
    void aGroupHasItsEpochBeforeItsFirstMessage() {
        ChannelLayer layer = layer(100);
        HistoryPosition empty = layer.history("hist.new", null, 50).top();
        assertEquals(0, empty.offset());
        layer.groupSend("hist.new", Message.of("chat.message"));
        HistoryPage page = layer.history("hist.new", empty, 0);
        assertFalse(page.gap());
        assertEquals(List.of(new HistoryPosition(1, empty.epoch())), page.messages().stream().map(HistoryPosition::of).toList());
    }

    @Test
    void aWipedHistoryStartsANewEpoch() {
        ChannelLayer layer = layer(100);
        for (int i = 1; i <= 3; i++) {
            layer.groupSend("hist.wiped", Message.of("chat.message", "n", i));
        }
        HistoryPosition before = layer.history("hist.wiped", null, 50).top();
        wipeHistory(layer);
        HistoryPage after = layer.history("hist.wiped", before, 0);
        assertTrue(after.gap());
        assertNotEquals(before.epoch(), after.top().epoch());
        assertEquals(0, after.top().offset());
        layer.groupSend("hist.wiped", Message.of("chat.message", "n", 4));
        assertEquals(new HistoryPosition(1, after.top().epoch()), layer.history("hist.wiped", null, 50).top());
    }

    @Test
    void concurrentSendersGetEveryOffsetOnceInDeliveryOrder() throws Exception {
        ChannelLayer layer = layer(1000);
        LinkedBlockingQueue<Message> member = member(layer, "hist.busy");
        int senders = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int s = 0; s < senders; s++) {
                int sender = s;
                pool.execute(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            layer.groupSend("hist.busy", Message.of("chat.message", "from", sender, "n", i));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            start.countDown();
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < senders * each; i++) {
                seen.add(HistoryPosition.of(next(member)).offset());
            }
            assertEquals(range(1, senders * each), seen);
            assertEquals(range(1, senders * each), offsets(layer.history("hist.busy", null, senders * each)));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Replays the room after {@code ?since=N&epoch=E} (or its latest 50), then goes live. */
    public static final class Replaying extends JsonWebsocketConsumer {
        @Override
        protected List<String> groups() {
            return List.of("hist.live");
        }

        @Override
        protected void connect() throws Exception {
            accept();
            Map<String, List<String>> query = scope().queryParams();
            if (!query.containsKey("since")) {
                replayLatest("hist.live", 50);
                return;
            }
            try {
                replaySince("hist.live", new HistoryPosition(Long.parseLong(query.get("since").get(0)), query.get("epoch").get(0)));
            } catch (HistoryGap gap) {
                sendJson(Map.of("type", "history.reset", "epoch", gap.top().epoch()));
                replayLatest("hist.live", 50);
            }
        }

        /** Group event "chat.message". */
        public void chatMessage(Message message) {
            sendJson(message.without("type"));
        }
    }

    @Test
    void aConsumerReplaysThenGoesLiveWithNoGapAndNoDuplicateWhileMessagesArrive() throws Exception {
        ChannelLayer layer = layer(1000);
        for (int i = 1; i <= 20; i++) {
            layer.groupSend("hist.live", Message.of("chat.message", "n", i));
        }
        String epoch = layer.history("hist.live", null, 1).top().epoch();
        // the live messages stay within a consumer's mailbox (the layer's capacity, 100): those that arrive while it
        // replays wait there, and a burst beyond it would close the socket as too slow, which is another test's rule
        int total = 20 + 90;
        Thread sender = new Thread(() -> {
            for (int i = 21; i <= total; i++) {
                layer.groupSend("hist.live", Message.of("chat.message", "n", i));
            }
        });
        var app = ConsumerFactory.reflective(layer).of(Replaying.class);
        sender.start();
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/hist/?since=7&epoch=" + epoch)) {
            assertTrue(ws.connect(WAIT).accepted());
            List<Long> seen = new ArrayList<>();
            while (seen.size() < total - 7) {
                seen.add(((Number) ws.receiveJsonFrom(WAIT).get("offset")).longValue());
            }
            assertEquals(range(8, total), seen);
            assertTrue(ws.receiveNothing(Duration.ofMillis(200)));
        } finally {
            sender.join();
        }
    }

    @Test
    void aConsumerFromAnotherEpochIsToldOfTheGapThenGetsTheLatest() {
        ChannelLayer layer = layer(1000);
        for (int i = 1; i <= 60; i++) {
            layer.groupSend("hist.live", Message.of("chat.message", "n", i));
        }
        String epoch = layer.history("hist.live", null, 1).top().epoch();
        var app = ConsumerFactory.reflective(layer).of(Replaying.class);
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/hist/?since=3&epoch=gone")) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals(Map.of("type", "history.reset", "epoch", epoch), ws.receiveJsonFrom(WAIT));
            for (long i = 11; i <= 60; i++) {
                assertEquals(i, ((Number) ws.receiveJsonFrom(WAIT).get("offset")).longValue());
            }
            layer.groupSend("hist.live", Message.of("chat.message", "n", 61));
            assertEquals(61L, ((Number) ws.receiveJsonFrom(WAIT).get("offset")).longValue());
        }
    }
}
