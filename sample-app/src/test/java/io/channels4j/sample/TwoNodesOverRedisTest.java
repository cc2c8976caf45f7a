package io.channels4j.sample;

import io.channels4j.testing.RedisProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two app processes (two apps in this JVM, sharing nothing but Redis and the secret) behave as one app. */
@Timeout(120)
class TwoNodesOverRedisTest {
    static void requireRedis(int port) {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && System.getenv("REDIS_REQUIRED") != null) {
            throw new AssertionError("REDIS_REQUIRED is set but no Redis answers on 127.0.0.1:" + port);
        }
        assumeTrue(up, "Skipping: no Redis on 127.0.0.1:" + port + " (set REDIS_REQUIRED to fail instead)");
    }

    private static long expiryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("channels4j-token-expiry") && t.isAlive()).count();
    }

    @Test
    void chatUpdatesSessionsAndTasksWorkAcrossNodes() throws Exception {
        requireRedis(6379);
        String db = "redis://127.0.0.1:6379/3";
        long expiryThreadsBefore = expiryThreads();
        try (SampleApp one = SampleAppTest.start(Map.of("REDIS_URL", db));
             SampleApp two = SampleAppTest.start(Map.of("REDIS_URL", db))) {
            LiveClient a = new LiveClient(one.port());
            LiveClient b = new LiveClient(two.port());
            String aliceCookie = a.login("alice", "wonderland");
            assertEquals("{\"username\":\"alice\"}", b.get("/api/me", "Cookie", aliceCookie).body(), "a session made on node one works on node two");
            String bobToken = b.token("bob", "builder");

            String room = "crossroom" + io.channels4j.core.ChannelNames.randomLetters(8); // Redis keeps rooms' history across runs
            LiveClient.Socket alice = a.socket("/ws/chat/" + room + "/", "Origin", a.origin(), "Cookie", aliceCookie);
            LiveClient.Socket bob = b.socket("/ws/chat/" + room + "/?token=" + bobToken, "Origin", b.origin());
            bob.sendJson(Map.of("message", "hello from two"));
            Map<String, Object> first = alice.receiveJson();
            assertEquals(Map.of("room", room, "user", "bob", "message", "hello from two", "offset", 1, "epoch", first.get("epoch")), first);
            assertEquals(first, bob.receiveJson());

            LiveClient.Socket updatesOnOne = a.socket("/ws/update/", "Origin", a.origin(), "Cookie", aliceCookie);
            assertEquals(202, b.post("/api/updates", "{\"message\":\"from node two\"}", "Authorization", "Bearer " + bobToken).statusCode());
            assertEquals(Map.of("type", "update", "user", "bob", "message", "from node two"), updatesOnOne.receiveJson());

            assertEquals(202, b.post("/api/tasks", "{\"kind\":\"report\"}", "Cookie", aliceCookie).statusCode());
            assertEquals("task.done", updatesOnOne.receiveJson().get("type"), "alice's socket on node one hears of her task posted on node two");
        }
        assertEquals(expiryThreadsBefore, expiryThreads(), "closing the apps stopped the token expiry thread their sockets started");
    }

    @Test
    void aRedisOutageGivesClearErrorsAndTheSameSocketsWorkAgainAfterwards() throws Exception {
        requireRedis(6379); // the machine has redis-server; this test runs its own on a spare port
        try (RedisProcesses redis = new RedisProcesses(Path.of("target/redis"))) {
            int port = redis.server();
            outageAndBack(redis, port);
        }
    }

    private void outageAndBack(RedisProcesses redis, int port) throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of("REDIS_URL", "redis://127.0.0.1:" + port))) {
            LiveClient client = new LiveClient(app.port());
            String cookie = client.login("alice", "wonderland");
            LiveClient.Socket socket = client.socket("/ws/chat/outage/", "Origin", client.origin(), "Cookie", cookie);
            socket.sendJson(Map.of("message", "before"));
            assertEquals("before", socket.receiveJson().get("message"));

            redis.kill(port);
            socket.sendJson(Map.of("message", "during"));
            assertTrue(String.valueOf(socket.receiveJson().get("error")).contains("unavailable"));
            assertEquals(503, client.get("/healthz").statusCode());
            java.net.http.HttpResponse<String> me = client.get("/api/me", "Cookie", cookie);
            assertEquals(503, me.statusCode(), "a session lookup that fails is 503, not 500 with a stack trace");
            assertEquals("{\"error\": \"session store unavailable\"}", me.body());

            redis.restart(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Object got = null;
            // until the node has re-subscribed, a broadcast may find nobody listening (pub/sub is at most once): retry
            while (!"after".equals(got) && System.nanoTime() < deadline) {
                socket.sendJson(Map.of("message", "after"));
                Map<String, Object> reply = socket.receiveJson(java.time.Duration.ofSeconds(1));
                got = reply == null || reply.containsKey("error") ? null : reply.get("message");
            }
            assertEquals("after", got, "the same socket chats again once Redis is back");
            assertEquals(200, client.get("/healthz").statusCode());
        }
    }
}
