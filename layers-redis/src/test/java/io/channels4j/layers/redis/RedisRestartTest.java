package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.channels4j.testing.RedisProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Redis of the test's own, on a spare port, stopped and started again in the middle of the test. */
@Timeout(90)
class RedisRestartTest {
    @Test
    void broadcastsFlowAgainAfterARestartWithoutResubscribing() throws Exception {
        RedisAvailable.url(); // the same rule: skip or fail when the machine has no Redis
        try (RedisProcesses redis = new RedisProcesses(Path.of("target/redis"))) {
            int port = redis.server();
            String url = "redis://127.0.0.1:" + port;
            try (RedisChannelLayer nodeA = RedisChannelLayer.builder().url(url).commandTimeout(Duration.ofSeconds(1)).build();
                 RedisChannelLayer nodeB = RedisChannelLayer.builder().url(url).commandTimeout(Duration.ofSeconds(1)).build()) {
                LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
                ChannelSubscription member = nodeA.subscribe(m -> got.add(m.getString("n")));
                nodeA.groupAdd("room", member.channel());
                nodeB.groupSend("room", Message.of("tick", "n", "before"));
                assertTrue("before".equals(got.poll(5, TimeUnit.SECONDS)));

                redis.kill(port);
                assertTimeoutPreemptively(Duration.ofSeconds(5),
                        () -> assertThrows(ChannelLayerException.class, () -> nodeB.groupSend("room", Message.of("tick", "n", "during"))));

                redis.restart(port); // empty: it kept nothing
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean delivered = false;
                while (!delivered && System.nanoTime() < deadline) {
                    try {
                        nodeB.groupSend("room", Message.of("tick", "n", "after"));
                        delivered = "after".equals(got.poll(500, TimeUnit.MILLISECONDS));
                    } catch (ChannelLayerException stillReconnecting) {
                        got.poll(200, TimeUnit.MILLISECONDS);
                    }
                }
                assertTrue(delivered, "the existing member receives broadcasts again after the restart");
                assertTrue(nodeA.healthy() && nodeB.healthy());
            }
        }
    }
}
