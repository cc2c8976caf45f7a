package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Two app nodes on REDIS_URL as a Sentinel set or a cluster: they chat as one app, and the same sockets chat after a failover. */
@Tag("slow")
@Timeout(90)
class RedisTopologiesTest {
    private static final Duration HEAL = Duration.ofSeconds(30);
    private RedisProcesses redis;

    @BeforeEach
    void fixture() {
        RedisProcesses.assumeInstalled();
        redis = new RedisProcesses(Path.of("target/redis-topologies"));
    }

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Bob's message on node two reaches Alice's socket on node one; the sockets are the ones given, never reopened. */
    private static void chats(LiveClient.Socket alice, LiveClient.Socket bob, String message) throws Exception {
        long deadline = System.nanoTime() + HEAL.toNanos();
        Object got = null;
        // while Redis fails over a send may fail or find nobody listening (pub/sub is at most once): send again
        while (!message.equals(got) && System.nanoTime() < deadline) {
            bob.sendJson(Map.of("message", message));
            Map<String, Object> reply = alice.receiveJson(Duration.ofSeconds(1));
            got = reply == null || reply.containsKey("error") ? null : reply.get("message");
        }
        assertEquals(message, got, "alice's socket on node one hears bob on node two");
    }

    private static LiveClient.Socket[] signIn(SampleApp one, SampleApp two, String room) throws Exception {
        LiveClient a = new LiveClient(one.port());
        LiveClient b = new LiveClient(two.port());
        String aliceCookie = a.login("alice", "wonderland");
        assertEquals("{\"username\":\"alice\"}", b.get("/api/me", "Cookie", aliceCookie).body(), "a session made on node one works on node two");
        String bobToken = b.token("bob", "builder");
        return new LiveClient.Socket[] {a.socket("/ws/chat/" + room + "/", "Origin", a.origin(), "Cookie", aliceCookie),
            b.socket("/ws/chat/" + room + "/?token=" + bobToken, "Origin", b.origin())};
    }

    @Test
    void twoNodesOnASentinelSetChatThroughAFailoverOnTheSameSockets() throws Exception {
        String url = redis.sentinelSet("app");
        try (SampleApp one = SampleAppTest.start(Map.of("REDIS_URL", url)); SampleApp two = SampleAppTest.start(Map.of("REDIS_URL", url))) {
            LiveClient.Socket[] sockets = signIn(one, two, "sentinel");
            chats(sockets[0], sockets[1], "before");
            int oldMaster = redis.sentinelMaster("app");
            assertEquals("OK", redis.cli(redis.sentinelPorts().get(0), "SENTINEL", "FAILOVER", "app").trim());
            Eventually.await(HEAL, () -> redis.sentinelMaster("app") != oldMaster, "the sentinels promote the replica");
            chats(sockets[0], sockets[1], "after");
        }
    }

    @Test
    void twoNodesOnAClusterChatAndHealWhenTheRoomsMasterIsKilled() throws Exception {
        String url = redis.cluster(3, 1);
        try (SampleApp one = SampleAppTest.start(Map.of("REDIS_URL", url)); SampleApp two = SampleAppTest.start(Map.of("REDIS_URL", url))) {
            LiveClient.Socket[] sockets = signIn(one, two, "cluster");
            chats(sockets[0], sockets[1], "before");
            List<Integer> masters = redis.clusterMasters();
            List<Integer> publishing = masters.stream().filter(p -> redis.cli(p, "INFO", "commandstats").contains("cmdstat_spublish")).toList();
            assertEquals(1, publishing.size(), "the room's messages go to one shard: " + publishing);
            redis.kill(publishing.get(0));
            Eventually.await(HEAL, () -> redis.clusterMasters().size() == 3, "a replica takes over the killed master's slots");
            chats(sockets[0], sockets[1], "after");
        }
    }
}
