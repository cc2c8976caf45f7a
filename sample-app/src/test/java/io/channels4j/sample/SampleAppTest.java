package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Json;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sample app's public interface, over real sockets, with the embedded defaults (in-memory layer, sessions in a database file). */
@Timeout(60)
class SampleAppTest {
    private static SampleApp app;
    private static LiveClient client;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static SampleApp start(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PORT", String.valueOf(freePort()), "SECRET_KEY", "test-secret-with-at-least-32-characters!",
                "DATA_DIR", "target/data-" + java.util.UUID.randomUUID())); // the session database of this app only
        env.putAll(extra);
        return SampleApp.create(SampleSettings.from(env::get)).start();
    }

    @BeforeAll
    static void startApp() throws Exception {
        app = start(Map.of());
        client = new LiveClient(app.port());
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void healthzAnswersOk() throws Exception {
        HttpResponse<String> response = client.get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void updateSocketEchoesAndExplainsBadInput() throws Exception {
        LiveClient.Socket socket = client.socket("/ws/update/", "Origin", client.origin());
        socket.sendJson(Map.of("message", "hello"));
        assertEquals(Map.of("message", "hello"), socket.receiveJson());
        socket.ws.sendText("not json", true).join();
        assertTrue(String.valueOf(socket.receiveJson().get("error")).startsWith("invalid JSON"));
        socket.sendJson(Map.of("nomessage", 1));
        assertTrue(socket.receiveJson().containsKey("error"));
        socket.sendJson(Map.of("message", Map.of("nested", true)));
        assertEquals(Map.of("message", Map.of("nested", true)), socket.receiveJson());
    }

    @Test
    void unknownWebsocketPathIs404AndForeignOriginIs403() throws Exception {
        assertEquals(404, client.handshakeStatus("/ws/nope/", "Origin", client.origin()));
        assertEquals(403, client.handshakeStatus("/ws/update/", "Origin", "https://evil.example"));
    }

    @Test
    void loginRejectsBadPasswordsAndMalformedInput() throws Exception {
        assertEquals(401, client.post("/auth/login", "{\"username\":\"alice\",\"password\":\"wrong\"}").statusCode());
        assertEquals(400, client.post("/auth/login", "{not json").statusCode());
        assertEquals(400, client.post("/auth/token", "{\"username\":\"alice\"}").statusCode());
        assertEquals(401, client.get("/api/me").statusCode());
    }

    @Test
    void sessionAndTokenBothIdentifyTheUser() throws Exception {
        String cookie = client.login("alice", "wonderland");
        assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", cookie).body());
        HttpResponse<String> token = client.post("/auth/token", "{\"username\":\"bob\",\"password\":\"builder\"}");
        assertEquals(200, token.statusCode());
        Map<?, ?> body = Json.mapper().readValue(token.body(), Map.class);
        assertEquals(3600, body.get("expires_in"));
        assertEquals("{\"username\":\"bob\"}", client.get("/api/me", "Authorization", "Bearer " + body.get("token")).body());
    }

    @Test
    void chatBroadcastsToTheRoomWithTheSendersName() throws Exception {
        String alice = client.login("alice", "wonderland");
        String bobToken = client.token("bob", "builder");
        LiveClient.Socket aliceSocket = client.socket("/ws/chat/lobby-1/", "Origin", client.origin(), "Cookie", alice);
        LiveClient.Socket bobSocket = client.socket("/ws/chat/lobby-1/", "Origin", client.origin(), "Sec-WebSocket-Protocol", "bearer, " + bobToken);
        assertEquals("bearer", bobSocket.ws.getSubprotocol());
        LiveClient.Socket elsewhere = client.socket("/ws/chat/other/?token=" + bobToken, "Origin", client.origin());
        aliceSocket.sendJson(Map.of("message", "hi"));
        Map<String, Object> first = bobSocket.receiveJson();
        assertEquals(Map.of("room", "lobby-1", "user", "alice", "message", "hi", "offset", 1, "epoch", first.get("epoch")), first,
                "the room's first message has offset 1 in its history's epoch");
        assertEquals(first, aliceSocket.receiveJson());
        bobSocket.sendJson(Map.of("message", "<img src=x onerror=alert(1)>"));
        assertEquals("bob", aliceSocket.receiveJson().get("user"));
        assertTrue(elsewhere.receivesNothing(Duration.ofMillis(300)));
        aliceSocket.ws.sendText("{oops", true).join();
        assertTrue(aliceSocket.receiveJson().containsKey("error"));
    }

    @Test
    void chatRefusesAnonymousAndBadTokens() throws Exception {
        assertEquals(403, client.handshakeStatus("/ws/chat/lobby/", "Origin", client.origin()));
        assertEquals(403, client.handshakeStatus("/ws/chat/lobby/?token=garbage", "Origin", client.origin()));
        String cookie = client.login("alice", "wonderland");
        assertEquals(404, client.handshakeStatus("/ws/chat/bad%20room!/", "Origin", client.origin(), "Cookie", cookie));
    }

    @Test
    void postedUpdatesReachEveryUpdateSocket() throws Exception {
        LiveClient.Socket first = client.socket("/ws/update/", "Origin", client.origin());
        LiveClient.Socket second = client.socket("/ws/update/", "Origin", client.origin());
        String cookie = client.login("bob", "builder");
        assertEquals(401, client.post("/api/updates", "{\"message\":\"x\"}").statusCode());
        assertEquals(202, client.post("/api/updates", "{\"message\":\"deploy done\"}", "Cookie", cookie).statusCode());
        Map<String, Object> expected = Map.of("type", "update", "user", "bob", "message", "deploy done");
        assertEquals(expected, first.receiveJson());
        assertEquals(expected, second.receiveJson());
    }

    @Test
    void aTaskIsDoneByTheWorkerAndReportedToItsUsersSockets() throws Exception {
        String cookie = client.login("alice", "wonderland");
        LiveClient.Socket alices = client.socket("/ws/update/", "Origin", client.origin(), "Cookie", cookie);
        LiveClient.Socket anonymous = client.socket("/ws/update/", "Origin", client.origin());
        HttpResponse<String> accepted = client.post("/api/tasks", "{\"kind\":\"report\"}", "Cookie", cookie);
        assertEquals(202, accepted.statusCode());
        Object id = Json.mapper().readValue(accepted.body(), Map.class).get("id");
        assertNotNull(id);
        Map<String, Object> done = alices.receiveJson();
        assertEquals("task.done", done.get("type"));
        assertEquals(id, done.get("id"));
        assertTrue(anonymous.receivesNothing(Duration.ofMillis(300)));
        assertEquals(400, client.post("/api/tasks", "{\"kind\":\"rm -rf\"}", "Cookie", cookie).statusCode());
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        LiveClient.Socket socket = client.socket("/ws/update/", "Origin", client.origin());
        socket.sendJson(Map.of("message", "count me"));
        socket.receiveJson();
        String cookie = client.login("bob", "builder");
        client.post("/api/updates", "{\"message\":\"m\"}", "Cookie", cookie);
        HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        for (String meter : new String[] {"channels4j_connections_opened_total", "channels4j_connections_open", "channels4j_messages_in_total",
                "channels4j_bytes_out_total", "channels4j_layer_group_sends_seconds_count", "channels4j_outbound_buffered_bytes"}) {
            assertTrue(metrics.body().contains(meter), meter + " is exported");
        }
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        String cookie = client.login("alice", "wonderland");
        HttpResponse<String> logout = client.post("/auth/logout", "{}", "Cookie", cookie);
        assertEquals(200, logout.statusCode());
        String cleared = logout.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cleared.startsWith("sessionid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/;"), "the browser drops it: " + cleared);
        assertEquals(401, client.get("/api/me", "Cookie", cookie).statusCode());
        assertEquals(403, client.handshakeStatus("/ws/chat/lobby/", "Origin", client.origin(), "Cookie", cookie));
    }
}
