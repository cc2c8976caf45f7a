package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.testing.Eventually;
import io.channels4j.testing.RedisProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A cluster of the test's own (three masters, a replica each) carrying a chat while a master fails. */
@Tag("slow")
@Timeout(60)
class ClusterFailoverTest {
    private static final Duration HEAL = Duration.ofSeconds(30);
    private static final Pattern SPUBLISH = Pattern.compile("cmdstat_spublish:calls=(\\d+)");
    private RedisProcesses redis;
    private String url;

    @BeforeEach
    void startCluster() {
        RedisProcesses.assumeInstalled();
        redis = new RedisProcesses(Path.of("target/redis-cluster-failover"));
        url = redis.cluster(3, 1);
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

    private long spublishCalls(int port) {
        Matcher m = SPUBLISH.matcher(redis.cli(port, "INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The one master the group's messages were published on; fails when they went to none or to several. */
    private int groupShard() {
        List<Integer> publishedOn = redis.clusterMasters().stream().filter(p -> spublishCalls(p) > 0).toList();
        assertEquals(1, publishedOn.size(), "a group's messages are SPUBLISHed on exactly one master: " + publishedOn);
        return publishedOn.get(0);
    }

    private int replicaOf(int master) {
        return redis.clusterReplicas().stream()
                .filter(p -> redis.cli(p, "INFO", "replication").contains("master_port:" + master)).findFirst().orElseThrow();
    }

    private void assertHeals(SteadyChat chat, int beforeFailure, Runnable failure, java.util.function.BooleanSupplier promoted) {
        assertHeals(chat, beforeFailure, failure, promoted, () -> true);
    }

    private void assertHeals(SteadyChat chat, int beforeFailure, Runnable failure, java.util.function.BooleanSupplier promoted,
            java.util.function.BooleanSupplier healthy) {
        failure.run();
        Eventually.await(HEAL, promoted, "the replica is promoted");
        int mark = chat.last();
        chat.awaitArrivalAfter(mark, HEAL, "a message sent after the promotion reaches the same member");
        int healed = chat.received.stream().filter(n -> n > mark).min(Integer::compare).orElseThrow();
        int end = chat.last();
        chat.awaitArrivalAfter(end, HEAL, "the chat goes on after the failover");
        Eventually.await(Duration.ofSeconds(5), () -> chat.lost(1, beforeFailure).isEmpty(), "every message sent before the failure arrived");
        assertEquals(List.of(), chat.lost(healed, end), "once healed, no message is lost");
        assertTrue(chat.slowestCallMillis() < 2000, "every call returned or failed within 2 s; the slowest took " + chat.slowestCallMillis() + " ms");
        Eventually.await(HEAL, healthy, "the layer nodes report themselves healthy again");
    }

    @Test
    void aGroupIsPublishedOnOneShardAndItsChatHealsWhenThatMasterIsKilled() {
        try (RedisChannelLayer a = node(); RedisChannelLayer b = node(); SteadyChat chat = new SteadyChat(b, a, "room")) {
            chat.awaitArrivalAfter(10, HEAL, "the chat runs");
            int master = groupShard();
            int replica = replicaOf(master);
            assertHeals(chat, chat.last(), () -> redis.kill(master), () -> redis.cli(replica, "ROLE").startsWith("master"),
                    () -> a.healthy() && b.healthy());
            assertTrue(spublishCalls(replica) > 0, "the promoted replica now takes the group's messages");
        }
    }

    @Test
    void aChatHealsAfterAClusterFailoverOnTheReplica() {
        try (RedisChannelLayer a = node(); RedisChannelLayer b = node(); SteadyChat chat = new SteadyChat(b, a, "room")) {
            chat.awaitArrivalAfter(10, HEAL, "the chat runs");
            int master = groupShard();
            int replica = replicaOf(master);
            assertHeals(chat, chat.last(), () -> assertTrue(redis.cli(replica, "CLUSTER", "FAILOVER").startsWith("OK")),
                    () -> redis.cli(replica, "ROLE").startsWith("master"));
        }
    }

    @Test
    void aChatFollowsItsGroupsSlotWhenTheSlotMovesToAnotherMaster() {
        try (RedisChannelLayer a = node(); RedisChannelLayer b = node(); SteadyChat chat = new SteadyChat(b, a, "room")) {
            chat.awaitArrivalAfter(10, HEAL, "the chat runs");
            int source = groupShard();
            int target = redis.clusterMasters().stream().filter(p -> p != source).findFirst().orElseThrow();
            String slot = redis.cli(source, "CLUSTER", "KEYSLOT", "failover:group:{room}").trim();
            String sourceId = redis.cli(source, "CLUSTER", "MYID").trim();
            String targetId = redis.cli(target, "CLUSTER", "MYID").trim();
            long before = spublishCalls(target);
            // the slot holds no keys (the group has no queue members), so moving it is the SETSLOT handshake alone
            assertHeals(chat, chat.last(), () -> {
                assertEquals("OK", redis.cli(target, "CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId).trim());
                assertEquals("OK", redis.cli(source, "CLUSTER", "SETSLOT", slot, "MIGRATING", targetId).trim());
                for (int master : redis.clusterMasters()) {
                    redis.cli(master, "CLUSTER", "SETSLOT", slot, "NODE", targetId);
                }
            }, () -> spublishCalls(target) > before);
        }
    }
}
