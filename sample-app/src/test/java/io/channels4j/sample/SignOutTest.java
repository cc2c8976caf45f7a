package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signing out closes every WebSocket opened with that session, on every node, with 4401 "signed out". */
@Timeout(60)
class SignOutTest {
    private static void assertSignedOut(LiveClient.Socket socket) throws Exception {
        assertEquals(4401, socket.closed.get(10, TimeUnit.SECONDS));
        assertEquals("signed out", socket.closeReason.get(10, TimeUnit.SECONDS));
    }

    private static void logout(LiveClient client, String cookie) throws Exception {
        assertEquals(200, client.post("/auth/logout", "{}", "Cookie", cookie, "Origin", client.origin()).statusCode());
    }

    @Test
    void signingOutClosesThatSessionsSocketsAndNoOthers() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of())) {
            LiveClient client = new LiveClient(app.port());
            String leaving = client.login("alice", "wonderland");
            String staying = client.login("alice", "wonderland");
            LiveClient.Socket chat = client.socket("/ws/chat/signout/", "Origin", client.origin(), "Cookie", leaving);
            LiveClient.Socket updates = client.socket("/ws/update/", "Origin", client.origin(), "Cookie", leaving);
            LiveClient.Socket otherSession = client.socket("/ws/chat/signout/", "Origin", client.origin(), "Cookie", staying);
            logout(client, leaving);
            assertSignedOut(chat);
            assertSignedOut(updates);
            otherSession.sendJson(Map.of("message", "still here"));
            assertEquals("still here", otherSession.receiveJson().get("message"));
            assertFalse(otherSession.closed.isDone());
        }
    }

    @Test
    void signingOutOnOneNodeClosesTheSessionsSocketOnTheOther() throws Exception {
        TwoNodesOverRedisTest.requireRedis(6379);
        String db = "redis://127.0.0.1:6379/3";
        try (SampleApp one = SampleAppTest.start(Map.of("REDIS_URL", db));
             SampleApp two = SampleAppTest.start(Map.of("REDIS_URL", db))) {
            LiveClient a = new LiveClient(one.port());
            LiveClient b = new LiveClient(two.port());
            String cookie = a.login("alice", "wonderland");
            LiveClient.Socket onTwo = b.socket("/ws/update/", "Origin", b.origin(), "Cookie", cookie);
            logout(a, cookie);
            assertSignedOut(onTwo);
        }
    }
}
