package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.core.ChannelNames;
import io.channels4j.core.Json;
import io.channels4j.testing.Eventually;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who is in a chat room, on two nodes sharing Redis: the presence frame, joins, leaves, second tabs, dead nodes. */
@Timeout(90)
class PresenceOverRedisTest {
    private static final String DB = "redis://127.0.0.1:6379/3";
    private static final Map<String, String> ENV = Map.of("REDIS_URL", DB, "PRESENCE_GRACE_SECONDS", "3",
            "DEMO_USERS", "alice:wonderland,bob:builder,carol:cookies", "HANDSHAKES_PER_SECOND", "0");

    private final String room = "presence" + ChannelNames.randomLetters(8);
    private final String path = "/ws/chat/" + room + "/";

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> users(Map<String, Object> frame) {
        assertEquals("presence", frame.get("type"), "the first frame lists who is here: " + frame);
        return ((List<Map<String, Object>>) frame.get("users")).stream()
                .collect(Collectors.toMap(u -> (String) u.get("user"), u -> (Integer) u.get("connections")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> apiPresence(LiveClient node, String cookie) {
        try {
            Map<String, Object> body = Json.mapper().readValue(node.get("/api/rooms/" + room + "/presence", "Cookie", cookie).body(), Map.class);
            return users(Map.of("type", "presence", "users", body.get("users")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> event(String type, String user) {
        return Map.of("type", type, "user", user);
    }

    private LiveClient.Socket join(LiveClient node, String user, String password) throws Exception {
        return node.socket(path + "?token=" + node.token(user, password), "Origin", node.origin());
    }

    @Test
    void usersOnTwoNodesSeeEachOtherAndSecondTabsAndQuickReconnectsChangeNothing() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        try (SampleApp one = SampleAppTest.start(ENV); SampleApp two = SampleAppTest.start(ENV)) {
            LiveClient a = new LiveClient(one.port());
            LiveClient b = new LiveClient(two.port());
            LiveClient.Socket alice = join(a, "alice", "wonderland");
            assertEquals(Map.of("alice", 1), users(alice.receivePresence()), "the list includes oneself");
            LiveClient.Socket bob = join(b, "bob", "builder");
            assertEquals(Map.of("alice", 1, "bob", 1), users(bob.receivePresence()));
            assertEquals(event("presence.join", "bob"), alice.receivePresence());

            LiveClient.Socket bobTab = join(b, "bob", "builder"); // a second tab
            assertEquals(Map.of("alice", 1, "bob", 2), users(bobTab.receivePresence()));
            assertEquals(401, a.get("/api/rooms/" + room + "/presence").statusCode(), "only signed-in users see who is here");
            String aliceCookie = a.login("alice", "wonderland");
            Eventually.await(Duration.ofSeconds(10), () -> Map.of("alice", 1, "bob", 2).equals(apiPresence(a, aliceCookie)),
                    "the API lists alice once and bob with two connections");

            LiveClient.Socket carol = join(a, "carol", "cookies");
            assertEquals(Map.of("alice", 1, "bob", 2, "carol", 1), users(carol.receivePresence()));
            for (LiveClient.Socket other : List.of(alice, bob, bobTab)) {
                assertEquals(event("presence.join", "carol"), other.receivePresence(), "no event for bob's own arrival nor his second tab");
            }

            close(bobTab);
            close(bob); // bob's last connection: his grace period starts
            LiveClient.Socket bobBack = join(a, "bob", "builder"); // and he is back, on the other node
            assertEquals(Map.of("alice", 1, "bob", 1, "carol", 1), users(bobBack.receivePresence()));
            close(carol);
            assertEquals(event("presence.leave", "carol"), alice.receivePresence(), "carol left after her grace period; bob neither left nor joined");
            assertEquals(event("presence.leave", "carol"), bobBack.receivePresence());
        }
    }

    private static void close(LiveClient.Socket socket) throws Exception {
        socket.ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        socket.closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    @Tag("slow")
    void aKilledNodesUsersAreAnnouncedAsLeavingOnTheOtherNodeWithin15Seconds() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        int port = SampleAppTest.freePort();
        Process other = startNode(port);
        try (SampleApp one = SampleAppTest.start(ENV)) {
            LiveClient a = new LiveClient(one.port());
            LiveClient b = new LiveClient(port);
            Eventually.await(Duration.ofSeconds(60), () -> {
                try {
                    return b.get("/healthz").statusCode() == 200;
                } catch (Exception notYet) {
                    return false;
                }
            }, "the second node answers /healthz");
            LiveClient.Socket alice = join(a, "alice", "wonderland");
            users(alice.receivePresence());
            LiveClient.Socket bob = join(b, "bob", "builder");
            assertEquals(Map.of("alice", 1, "bob", 1), users(bob.receivePresence()));
            assertEquals(event("presence.join", "bob"), alice.receivePresence());

            other.destroyForcibly().waitFor(); // SIGKILL: nothing is cleaned up
            Map<String, Object> left = alice.presence.poll(16, TimeUnit.SECONDS); // 15 s, and a second for the frame to travel
            assertEquals(event("presence.leave", "bob"), left, "bob's node died: he is gone from alice's list within 15 s");
        } finally {
            other.destroyForcibly();
        }
    }

    private static Process startNode(int port) throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("PORT", String.valueOf(port));
        env.put("SECRET_KEY", "test-secret-with-at-least-32-characters!");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(new File("target/presence-node-" + port + ".log"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
