package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A chat member that sends a fast burst gets every one of its room's messages back, in order, as every other
 * member does; no delivery is skipped, and /metrics says so. Once with the in-memory layer, once over Redis.
 */
@Timeout(180)
class ChatBurstTest {
    private static final int BURST = 5000;

    @Test
    void aBurstSenderGetsAllItsOwnMessagesBackInOrderInMemory() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of())) {
            burst(new LiveClient(app.port()));
        }
    }

    @Test
    void aBurstSenderGetsAllItsOwnMessagesBackInOrderOverRedis() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        try (SampleApp app = SampleAppTest.start(Map.of("REDIS_URL", "redis://127.0.0.1:6379/3"))) {
            burst(new LiveClient(app.port()));
        }
    }

    private static void burst(LiveClient client) throws Exception {
        String room = "burst" + ChannelNames.randomLetters(8);
        String path = "/ws/chat/" + room + "/";
        String alice = client.login("alice", "wonderland");
        String bobToken = client.token("bob", "builder");
        LiveClient.Socket sender = client.socket(path, "Origin", client.origin(), "Cookie", alice);
        LiveClient.Socket aliceElsewhere = client.socket(path, "Origin", client.origin(), "Cookie", alice);
        LiveClient.Socket bob = client.socket(path + "?token=" + bobToken, "Origin", client.origin());
        for (int i = 0; i < BURST; i++) {
            sender.ws.sendText("{\"message\":\"" + i + "\"}", true).join(); // as fast as the client writes
        }
        for (LiveClient.Socket member : List.of(sender, aliceElsewhere, bob)) {
            for (int i = 0; i < BURST; i++) {
                Map<String, Object> received = member.receiveJson();
                assertEquals(Map.of("room", room, "user", "alice", "message", Integer.toString(i), "offset", i + 1, "epoch", received.get("epoch")), received,
                        "message " + i + " reaches every member, the sender included");
            }
            assertFalse(member.closed.isDone(), "no member was closed");
        }
        String metrics = client.get("/metrics").body();
        assertTrue(metrics.contains("channels4j_layer_deliveries_skipped_total 0.0"), "no delivery skipped, as /metrics shows:\n"
                + metrics.lines().filter(line -> line.contains("skipped")).toList());
    }
}
