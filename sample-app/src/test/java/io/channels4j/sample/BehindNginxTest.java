package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.channels4j.core.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample app behind a real nginx running docs/nginx/channels4j.conf, the deployment guide's config, over TLS.
 * Skipped with a message when nginx is missing, unless NGINX_REQUIRED is set.
 */
@Tag("slow")
@Timeout(120)
class BehindNginxTest {
    private static SampleApp app;
    private static Nginx nginx;
    private static HttpClient http;
    private static String origin;

    @BeforeAll
    static void startAppBehindNginx() throws Exception {
        boolean present = Nginx.installed();
        if (!present && System.getenv("NGINX_REQUIRED") != null) {
            throw new AssertionError("NGINX_REQUIRED is set but /usr/sbin/nginx or /usr/bin/openssl is missing: apt-get install nginx openssl");
        }
        assumeTrue(present, "Skipping the nginx tests: install nginx and openssl (or set NGINX_REQUIRED to fail instead)");
        int port = SampleAppTest.freePort();
        origin = "https://127.0.0.1:" + port;
        app = SampleAppTest.start(Map.of("ALLOWED_ORIGINS", origin, "TRUSTED_PROXIES", "127.0.0.1"));
        nginx = Nginx.start(port, app.port());
        http = HttpClient.newBuilder().sslContext(trusting(nginx)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    // trusts only the certificate this nginx was given, whose subject alternative name is 127.0.0.1
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

    private static HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Origin", origin); // as a browser on the site sends: the app checks it on every POST
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            request.header("Origin", origin); // as a browser does: the app refuses cross-site POSTs (CsrfOriginCheck)
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("server").orElse("").startsWith("nginx"), "answered through nginx");
        return response;
    }

    private static HttpResponse<String> signIn(String user, String password) throws Exception {
        HttpResponse<String> response = send("POST", "/auth/login", Json.write(Map.of("username", user, "password", password)));
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static String cookie(HttpResponse<String> signedIn) {
        String setCookie = signedIn.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static LiveClient.Socket socket(String path, String cookie) throws Exception {
        LiveClient.Socket socket = new LiveClient.Socket();
        socket.ws = http.newWebSocketBuilder().header("Origin", origin).header("Cookie", cookie).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("wss://127.0.0.1:" + nginx.port + path), socket).get(10, TimeUnit.SECONDS);
        return socket;
    }

    @Test
    void signsInAndServesTheApiThroughNginx() throws Exception {
        HttpResponse<String> signedIn = signIn("alice", "wonderland");
        String setCookie = signedIn.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.contains("; Secure"), "X-Forwarded-Proto: https from the trusted proxy makes the cookie Secure: " + setCookie);
        HttpResponse<String> me = send("GET", "/api/me", null, "Cookie", cookie(signedIn));
        assertEquals(200, me.statusCode());
        assertEquals("{\"username\":\"alice\"}", me.body());
        assertEquals(401, send("GET", "/api/me", null).statusCode());
    }

    @Test
    void clientAddressAndSchemeComeFromTheForwardedHeaders() throws Exception {
        HttpResponse<String> seen = send("GET", "/api/client", null, "X-Forwarded-For", "203.0.113.9");
        // nginx appends its own peer (127.0.0.1, a trusted proxy here); the first untrusted hop from the right is the client
        assertEquals(Map.of("address", "203.0.113.9", "scheme", "https"), Json.mapper().readValue(seen.body(), Map.class));
        LiveClient direct = new LiveClient(app.port());
        assertEquals("http", Json.mapper().readValue(direct.get("/api/client").body(), Map.class).get("scheme"),
                "the app itself speaks plain HTTP: https came from nginx's X-Forwarded-Proto");
    }

    @Test
    void chatsOverWebsocketsThroughNginx() throws Exception {
        String alice = cookie(signIn("alice", "wonderland"));
        String bob = cookie(signIn("bob", "builder"));
        LiveClient.Socket aliceSocket = socket("/ws/chat/nginx/", alice);
        LiveClient.Socket bobSocket = socket("/ws/chat/nginx/", bob);
        aliceSocket.sendJson(Map.of("message", "hi through nginx"));
        Map<String, Object> expected = bobSocket.receiveJson();
        assertEquals(Map.of("room", "nginx", "user", "alice", "message", "hi through nginx", "offset", 1, "epoch", expected.get("epoch")), expected);
        assertEquals(expected, aliceSocket.receiveJson());
        aliceSocket.ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        assertEquals(1000, aliceSocket.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void postedUpdatesReachSocketsThroughNginx() throws Exception {
        String cookie = cookie(signIn("bob", "builder"));
        LiveClient.Socket updates = socket("/ws/update/", cookie);
        updates.sendJson(Map.of("message", "echo"));
        assertEquals(Map.of("message", "echo"), updates.receiveJson());
        assertEquals(202, send("POST", "/api/updates", "{\"message\":\"deployed\"}", "Cookie", cookie).statusCode());
        assertEquals(Map.of("type", "update", "user", "bob", "message", "deployed"), updates.receiveJson());
    }
}
