package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 20 senders on two nodes over Redis send 50 messages each to one room, while a reader drops its socket at
 * random moments (seeded) and comes back with the last position it saw: it ends with offsets 1..1000, each once, in order.
 * The room keeps 100 messages, so the senders never get more than {@value #AHEAD} messages ahead of the reader: a
 * reader further behind would rightly be told its position is gone.
 */
@Tag("slow")
@Timeout(180)
class ResumeUnderLoadTest {
    private static final int SENDERS = 20;
    private static final int EACH = 50;
    private static final long SEED = 20261204L;
    private static final int AHEAD = 60;

    @Test
    void aReaderThatKeepsDroppingEndsWithEveryOffsetOnceInOrder() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        String db = "redis://127.0.0.1:6379/3";
        String room = "load" + ChannelNames.randomLetters(8);
        String path = "/ws/chat/" + room + "/";
        try (SampleApp one = SampleAppTest.start(Map.of("REDIS_URL", db));
             SampleApp two = SampleAppTest.start(Map.of("REDIS_URL", db))) {
            List<LiveClient> nodes = List.of(new LiveClient(one.port()), new LiveClient(two.port()));
            String cookie = nodes.get(0).login("alice", "wonderland");
            Random random = new Random(SEED);
            LiveClient first = nodes.get(random.nextInt(2));
            LiveClient.Socket reader = first.socket(path, "Origin", first.origin(), "Cookie", cookie);

            List<LiveClient.Socket> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                LiveClient node = nodes.get(s % 2);
                senders.add(node.socket(path, "Origin", node.origin(), "Cookie", cookie));
            }
            Semaphore unread = new Semaphore(AHEAD);
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                LiveClient.Socket sender = senders.get(s);
                String name = "s" + s;
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < EACH; i++) {
                        String text = name + "-" + i;
                        unread.acquire();
                        sender.sendJson(Map.of("message", text));
                        while (!text.equals(sender.receiveJson().get("message"))) {
                            // another sender's message: this one waits for its own before the next, as a person typing does
                        }
                    }
                    return null;
                }));
            }

            List<Long> seen = new ArrayList<>();
            String epoch = null;
            int reconnects = 0;
            int untilDrop = 1 + random.nextInt(60);
            while (seen.size() < SENDERS * EACH) {
                Map<String, Object> message = reader.receiveJson();
                assertNotEquals("history.reset", message.get("type"), "the reader came back while its position was still kept");
                long offset = ((Number) message.get("offset")).longValue();
                if (epoch == null) {
                    epoch = (String) message.get("epoch");
                }
                assertEquals(epoch, message.get("epoch"));
                assertEquals(seen.size() + 1, offset, "offsets arrive consecutively, none missing, none twice");
                seen.add(offset);
                unread.release();
                if (--untilDrop == 0 && seen.size() < SENDERS * EACH) {
                    reader.ws.abort(); // a dropped connection: whatever was on its way is lost
                    LiveClient node = nodes.get(random.nextInt(2));
                    reader = node.socket(path + "?since=" + offset + "&epoch=" + epoch, "Origin", node.origin(), "Cookie", cookie);
                    reconnects++;
                    untilDrop = 1 + random.nextInt(60);
                }
            }
            for (Future<?> sender : sending) {
                sender.get();
            }
            pool.shutdown();
            assertTrue(reader.receivesNothing(Duration.ofMillis(300)), "nothing after offset " + SENDERS * EACH);
            assertTrue(reconnects > 10, "the reader dropped and resumed " + reconnects + " times");
        }
    }
}
