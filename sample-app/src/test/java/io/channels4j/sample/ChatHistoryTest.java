package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Chat rooms keep their last 100 messages for 24 h: a joining client gets the latest 50, a returning one what it missed. */
@Timeout(60)
class ChatHistoryTest {
    private static SampleApp app;
    private static LiveClient client;
    private static String alice;

    @BeforeAll
    static void startApp() throws Exception {
        app = SampleAppTest.start(Map.of());
        client = new LiveClient(app.port());
        alice = client.login("alice", "wonderland");
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    private static LiveClient.Socket join(LiveClient client, String cookie, String room, String query) throws Exception {
        return client.socket("/ws/chat/" + room + "/" + query, "Origin", client.origin(), "Cookie", cookie);
    }

    /** Sends {@code count} messages through {@code sender} and waits for its own copies; returns the epoch. */
    private static String send(LiveClient.Socket sender, int count) throws Exception {
        String epoch = null;
        for (int i = 0; i < count; i++) {
            sender.sendJson(Map.of("message", "m" + i));
        }
        for (int i = 0; i < count; i++) {
            epoch = (String) sender.receiveJson().get("epoch");
        }
        return epoch;
    }

    private static List<Long> offsets(LiveClient.Socket socket, int count) throws Exception {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            offsets.add(((Number) socket.receiveJson().get("offset")).longValue());
        }
        return offsets;
    }

    private static List<Long> range(long from, long to) {
        List<Long> all = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void joiningSendsTheLatestFiftyOldestFirstThenLive() throws Exception {
        String room = "hist" + ChannelNames.randomLetters(8);
        LiveClient.Socket sender = join(client, alice, room, "");
        send(sender, 60);
        LiveClient.Socket late = join(client, alice, room, "");
        assertEquals(range(11, 60), offsets(late, 50));
        sender.sendJson(Map.of("message", "live"));
        Map<String, Object> live = late.receiveJson();
        assertEquals(61, live.get("offset"));
        assertEquals("live", live.get("message"));
        assertTrue(late.receivesNothing(Duration.ofMillis(200)));
    }

    @Test
    void resumingFromAnOffsetSendsExactlyTheMessagesAfterIt() throws Exception {
        String room = "hist" + ChannelNames.randomLetters(8);
        LiveClient.Socket sender = join(client, alice, room, "");
        String epoch = send(sender, 12);
        LiveClient.Socket back = join(client, alice, room, "?since=7&epoch=" + epoch);
        assertEquals(range(8, 12), offsets(back, 5));
        assertTrue(back.receivesNothing(Duration.ofMillis(200)), "nothing twice");
        sender.sendJson(Map.of("message", "after"));
        assertEquals(13, back.receiveJson().get("offset"));
        LiveClient.Socket upToDate = join(client, alice, room, "?since=13&epoch=" + epoch);
        assertTrue(upToDate.receivesNothing(Duration.ofMillis(200)));
    }

    @Test
    void aPositionFromAnotherEpochGetsAResetThenTheHistory() throws Exception {
        String room = "hist" + ChannelNames.randomLetters(8);
        LiveClient.Socket sender = join(client, alice, room, "");
        String epoch = send(sender, 3);
        LiveClient.Socket stale = join(client, alice, room, "?since=2&epoch=notthisone");
        assertEquals(Map.of("type", "history.reset", "epoch", epoch), stale.receiveJson());
        assertEquals(range(1, 3), offsets(stale, 3));
        LiveClient.Socket garbage = join(client, alice, room, "?since=x");
        assertEquals(Map.of("type", "history.reset", "epoch", epoch), garbage.receiveJson());
        assertEquals(range(1, 3), offsets(garbage, 3));
    }

    @Test
    void aRestartWithTheSameDataDirKeepsTheSessionAndTheRoomsHistoryInTheSameEpoch() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", "target/history-restart-" + UUID.randomUUID());
        String room = "hist" + ChannelNames.randomLetters(8);
        String cookie;
        String epoch;
        try (SampleApp first = SampleAppTest.start(env)) {
            LiveClient before = new LiveClient(first.port());
            cookie = before.login("alice", "wonderland");
            epoch = send(join(before, cookie, room, ""), 3);
        }
        try (SampleApp second = SampleAppTest.start(env)) {
            LiveClient after = new LiveClient(second.port());
            assertEquals(200, after.get("/api/me", "Cookie", cookie).statusCode(), "the session cookie is still valid");
            LiveClient.Socket resumed = join(after, cookie, room, "?since=1&epoch=" + epoch);
            Map<String, Object> first = resumed.receiveJson();
            assertEquals(Map.of("room", room, "user", "alice", "message", "m1", "offset", 2, "epoch", epoch), first, "same epoch: no reset");
            assertEquals(3, resumed.receiveJson().get("offset"));
            resumed.sendJson(Map.of("message", "after restart"));
            Map<String, Object> next = resumed.receiveJson();
            assertEquals(4, next.get("offset"));
            assertEquals(epoch, next.get("epoch"));
        }
        assertNotEquals("", epoch);
    }
}
