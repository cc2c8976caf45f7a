package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Message;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.HistoryContract;
import io.channels4j.testing.RedisProcesses;
import io.channels4j.testing.WebsocketCommunicator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Redis of the test's own, on a spare port, restarted empty: the histories it kept are gone, and clients are told. */
@Timeout(90)
class RedisHistoryRestartTest {
    private RedisProcesses redis;

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aResumeAcrossARestartThatLostTheDataIsAGapWithANewEpoch() throws Exception {
        RedisAvailable.url(); // skip or fail as every Redis test does when the machine has no Redis
        redis = new RedisProcesses(Path.of("target/redis"));
        int port = redis.server();
        try (RedisChannelLayer layer = RedisChannelLayer.builder().url("redis://127.0.0.1:" + port).commandTimeout(Duration.ofSeconds(1))
                .history("hist.*", HistoryPolicy.keep(100, Duration.ofHours(1))).build()) {
            for (int i = 1; i <= 5; i++) {
                layer.groupSend("hist.live", Message.of("chat.message", "n", i));
            }
            HistoryPosition before = layer.history("hist.live", null, 50).top();
            assertEquals(5, before.offset());

            redis.kill(port);
            redis.restart(port); // empty: it kept nothing
            HistoryPage[] after = new HistoryPage[1];
            Eventually.await(Duration.ofSeconds(20), () -> {
                try {
                    after[0] = layer.history("hist.live", before, 0);
                    return true;
                } catch (ChannelLayerException stillReconnecting) {
                    return false;
                }
            }, "the layer reads history again after the restart");
            assertTrue(after[0].gap(), "offset 5 of the old epoch cannot be continued from");
            assertNotEquals(before.epoch(), after[0].top().epoch());
            assertEquals(0, after[0].top().offset());

            var app = ConsumerFactory.reflective(layer).of(HistoryContract.Replaying.class);
            try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/hist/?since=5&epoch=" + before.epoch())) {
                assertTrue(ws.connect(Duration.ofSeconds(5)).accepted());
                assertEquals(Map.of("type", "history.reset", "epoch", after[0].top().epoch()), ws.receiveJsonFrom(Duration.ofSeconds(5)));
                layer.groupSend("hist.live", Message.of("chat.message", "n", 6));
                Map<String, Object> first = ws.receiveJsonFrom(Duration.ofSeconds(5));
                assertEquals(1, ((Number) first.get("offset")).intValue(), "the new epoch counts from 1");
                assertEquals(after[0].top().epoch(), first.get("epoch"));
            }
        }
    }
}
