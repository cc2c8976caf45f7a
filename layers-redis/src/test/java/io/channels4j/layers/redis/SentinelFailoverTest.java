package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.RedisProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Sentinel set of the test's own (one master, one replica, three sentinels), failed over in the middle of a chat. */
@Tag("slow")
@Timeout(60)
class SentinelFailoverTest {
    private static final Duration HEAL = Duration.ofSeconds(30);
    private RedisProcesses redis;
    private String url;

    @BeforeEach
    void startSentinelSet() {
        RedisProcesses.assumeInstalled();
        redis = new RedisProcesses(Path.of("target/redis-sentinel-failover"));
        url = redis.sentinelSet("chat");
    }

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    private RedisChannelLayer node() {
        return RedisChannelLayer.builder().url(url).prefix("failover").commandTimeout(Duration.ofSeconds(1)).build();
    }

    @Test
    void aChatBetweenTwoNodesLosesAtMostTheFailoverWindowAndCallsFailFast() throws Exception {
        try (RedisChannelLayer a = node(); RedisChannelLayer b = node(); SteadyChat chat = new SteadyChat(b, a, "room")) {
            chat.awaitArrivalAfter(10, HEAL, "the chat runs before the failover");
            int oldMaster = redis.sentinelMaster("chat");
            int beforeFailover = chat.last();
            assertTrue(redis.cli(redis.sentinelPorts().get(0), "SENTINEL", "FAILOVER", "chat").startsWith("OK"));
            Eventually.await(HEAL, () -> redis.sentinelMaster("chat") != oldMaster, "the sentinels name the replica as master");
            int promoted = chat.last();
            chat.awaitArrivalAfter(promoted, HEAL, "a message sent after the promotion reaches the same member");
            int healed = chat.received.stream().filter(n -> n > promoted).min(Integer::compare).orElseThrow();
            int end = chat.last();
            chat.awaitArrivalAfter(end, HEAL, "the chat goes on after the failover");

            Eventually.await(Duration.ofSeconds(5), () -> chat.lost(1, beforeFailover).isEmpty(), "every message sent before the failover arrived");
            assertEquals(List.of(), chat.lost(healed, end), "once healed, no message is lost");
            assertTrue(chat.slowestCallMillis() < 2000, "every call returned or failed within 2 s; the slowest took " + chat.slowestCallMillis() + " ms");
            assertTrue(a.healthy() && b.healthy());
        }
    }

    @Test
    void callsDuringAnOutageFailFastAndSessionsSurviveTheFailover() throws Exception {
        try (RedisChannelLayer layer = node(); RedisSessionStore sessions = new RedisSessionStore(layer.lettuceClient(), "failover")) {
            sessions.save("s1", Map.of("user", "alice"), Duration.ofMinutes(5));
            Eventually.await(HEAL, () -> redis.cli(redis.sentinelMaster("chat"), "WAIT", "1", "1000").trim().equals("1"), "the replica has the session");
            int oldMaster = redis.sentinelMaster("chat");
            redis.kill(oldMaster);
            long start = System.nanoTime();
            try {
                layer.groupSend("room", io.channels4j.core.Message.of("during"));
            } catch (ChannelLayerException expected) {
                // failing is fine; hanging is not
            }
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "a call while the master is down returns within 2 s");
            Eventually.await(HEAL, () -> redis.sentinelMaster("chat") != oldMaster, "the sentinels promote the replica");
            Eventually.await(HEAL, () -> {
                try {
                    return sessions.load("s1").isPresent();
                } catch (ChannelLayerException notYet) {
                    return false;
                }
            }, "the session store reads from the new master");
            assertEquals(Map.of("user", "alice"), sessions.load("s1").orElseThrow());
            assertNotEquals(oldMaster, redis.sentinelMaster("chat"));
        }
    }
}
