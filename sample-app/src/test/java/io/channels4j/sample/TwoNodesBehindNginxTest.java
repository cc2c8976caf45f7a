package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.channels4j.core.Json;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.RedisProcesses;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two sample-app nodes on one Redis behind a real nginx running the guide's config with both in its upstream
 * (round-robin, no sticky sessions, TRUSTED_PROXIES set): they behave as one app, and a stopped node's WebSocket
 * clients reconnect through nginx to the other.
 */
@Tag("slow")
@Timeout(90)
class TwoNodesBehindNginxTest {
    private RedisProcesses redis;
    private SampleApp one;
    private SampleApp two;
    private Nginx nginx;
    private HttpClient http;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Nginx.installed(), "Skipping: needs nginx and openssl");
        RedisProcesses.assumeInstalled();
        redis = new RedisProcesses(Path.of("target/redis-nginx"));
        String url = "redis://127.0.0.1:" + redis.server();
        int port = SampleAppTest.freePort();
        origin = "https://127.0.0.1:" + port;
        Map<String, String> env = Map.of("REDIS_URL", url, "ALLOWED_ORIGINS", origin, "TRUSTED_PROXIES", "127.0.0.1");
        one = SampleAppTest.start(env);
        two = SampleAppTest.start(env);
        nginx = Nginx.start(port, one.port(), two.port());
        http = HttpClient.newBuilder().sslContext(trusting(nginx)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable running : new AutoCloseable[] {nginx, one, two, redis}) {
            if (running != null) {
                running.close();
            }
        }
    }

    private static SSLContext trusting(Nginx nginx) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(nginx.certificate)) {
            trusted.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Origin", origin);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signIn(String user, String password) throws Exception {
        HttpResponse<String> response = send("POST", "/auth/login", Json.write(Map.of("username", user, "password", password)));
        assertEquals(200, response.statusCode(), response.body());
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private LiveClient.Socket socket(String path, String cookie) throws Exception {
        LiveClient.Socket socket = new LiveClient.Socket();
        socket.ws = http.newWebSocketBuilder().header("Origin", origin).header("Cookie", cookie).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("wss://127.0.0.1:" + nginx.port + path), socket).get(10, TimeUnit.SECONDS);
        return socket;
    }

    @Test
    void signInChatPushesPerUserSendsAndTasksBehaveAsOneAppOnEitherNode() throws Exception {
        String alice = signIn("alice", "wonderland");
        for (int i = 0; i < 4; i++) { // round-robin: both nodes answer in turn, and both know the session
            assertEquals("{\"username\":\"alice\"}", send("GET", "/api/me", null, "Cookie", alice).body());
        }
        String bob = signIn("bob", "builder");
        List<LiveClient.Socket> chat = new ArrayList<>();
        String room = "lb" + System.nanoTime(); // rooms keep their history in Redis: a new room starts at offset 1
        for (int i = 0; i < 4; i++) {
            chat.add(socket("/ws/chat/" + room + "/", i % 2 == 0 ? alice : bob));
        }
        assertTrue(one.openConnections() > 0 && two.openConnections() > 0, "the sockets landed on both nodes");
        chat.get(1).sendJson(Map.of("message", "hello everyone"));
        String epoch = null;
        for (LiveClient.Socket socket : chat) {
            Map<String, Object> got = socket.receiveJson();
            epoch = epoch == null ? (String) got.get("epoch") : epoch;
            assertEquals(Map.of("room", room, "user", "bob", "message", "hello everyone", "offset", 1, "epoch", epoch), got);
        }
        List<LiveClient.Socket> updates = List.of(socket("/ws/update/", alice), socket("/ws/update/", alice));
        assertEquals(202, send("POST", "/api/updates", "{\"message\":\"deployed\"}", "Cookie", bob).statusCode());
        for (LiveClient.Socket socket : updates) {
            assertEquals(Map.of("type", "update", "user", "bob", "message", "deployed"), socket.receiveJson());
        }
        assertEquals(202, send("POST", "/api/tasks", "{\"kind\":\"report\"}", "Cookie", alice).statusCode());
        for (LiveClient.Socket socket : updates) { // alice's own sockets, wherever they are, hear of her task
            assertEquals("task.done", socket.receiveJson().get("type"));
        }
    }

    @Test
    void aStoppedNodesClientsReconnectThroughNginxToTheOtherWithinTenSeconds() throws Exception {
        String alice = signIn("alice", "wonderland");
        List<Reconnecting> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(new Reconnecting("/ws/chat/failover/", alice));
        }
        assertTrue(one.openConnections() > 0, "some clients are on node one");
        one.stopServer();
        long stopped = System.nanoTime();
        Eventually.await(Duration.ofSeconds(10), () -> clients.stream().allMatch(Reconnecting::connected),
                "every client is connected again");
        assertTrue(System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10), "back within 10 s");
        assertTrue(clients.stream().anyMatch(c -> c.reconnects > 0), "node one's clients had to reconnect");
        assertTrue(two.openConnections() >= clients.size(), "all clients are on node two now");
        clients.get(0).socket.sendJson(Map.of("message", "still here"));
        for (Reconnecting client : clients) {
            Map<String, Object> got = client.socket.receiveJson();
            assertEquals("still here", got.get("message"));
        }
    }

    /** A WebSocket client as the JS client behaves: when its socket closes it opens a new one through nginx. */
    private final class Reconnecting {
        private final String path;
        private final String cookie;
        volatile LiveClient.Socket socket;
        volatile int reconnects;

        Reconnecting(String path, String cookie) throws Exception {
            this.path = path;
            this.cookie = cookie;
            this.socket = socket(path, cookie);
        }

        /** Whether it is connected, reconnecting first if its socket closed. */
        boolean connected() {
            if (!socket.closed.isDone()) {
                return true;
            }
            try {
                socket = socket(path, cookie);
                reconnects++;
                return true;
            } catch (Exception stillDown) {
                return false;
            }
        }
    }
}
