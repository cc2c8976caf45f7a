package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A page on http://evil.example makes a signed-in visitor's browser POST to the app (the browser adds the
 * session cookie and its own Origin): each such request is refused with 403 over a real socket.
 */
@Timeout(60)
class CsrfAttackTest {
    private static final String EVIL = "http://evil.example";
    private static SampleApp app;
    private static LiveClient client;

    @BeforeAll
    static void startApp() throws Exception {
        app = SampleAppTest.start(Map.of());
        client = new LiveClient(app.port());
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void foreignOriginPostsWithTheVictimsCookieAre403() throws Exception {
        String alice = client.login("alice", "wonderland");
        LiveClient.Socket updates = client.socket("/ws/update/", "Origin", client.origin());
        for (String path : new String[] {"/api/updates", "/api/tasks", "/auth/logout"}) {
            String body = path.equals("/api/tasks") ? "{\"kind\":\"report\"}" : "{\"message\":\"pwned\"}";
            HttpResponse<String> forged = client.post(path, body, "Cookie", alice, "Origin", EVIL);
            assertEquals(403, forged.statusCode(), path);
            assertTrue(forged.body().contains("'" + EVIL + "'"), forged.body());
        }
        assertTrue(updates.receivesNothing(Duration.ofMillis(300)), "no forged update reached the sockets");
        assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", alice).body(), "the forged logout did not end the session");
    }

    @Test
    void loginCsrfThroughAFormPostIs403AndSetsNoCookie() throws Exception {
        HttpResponse<String> forged = formPost("/auth/login", "username=bob&password=builder", "Origin", EVIL);
        assertEquals(403, forged.statusCode());
        assertTrue(forged.headers().firstValue("set-cookie").isEmpty(), "the visitor is not signed in to the attacker's account");
    }

    @Test
    void sameOriginRequestsStillWork() throws Exception {
        String bob = client.login("bob", "builder");
        assertEquals(202, client.post("/api/updates", "{\"message\":\"hi\"}", "Cookie", bob, "Origin", client.origin()).statusCode());
        assertEquals(202, client.post("/api/tasks", "{\"kind\":\"report\"}", "Cookie", bob, "Origin", "http://localhost:" + app.port()).statusCode());
        assertEquals(200, formPost("/auth/login", "username=bob&password=builder", "Origin", client.origin()).statusCode());
        assertEquals(200, client.post("/auth/logout", "{}", "Cookie", bob, "Origin", client.origin()).statusCode());
    }

    @Test
    void withoutOriginTheRefererDecides() throws Exception {
        String alice = client.login("alice", "wonderland");
        HttpResponse<String> forged = client.post("/api/updates", "{\"message\":\"x\"}", "Cookie", alice, "Referer", EVIL + "/cat-pictures.html");
        assertEquals(403, forged.statusCode());
        assertTrue(forged.body().contains("'" + EVIL + "'"), forged.body());
        assertEquals(202, client.post("/api/updates", "{\"message\":\"x\"}", "Cookie", alice, "Referer", client.origin() + "/").statusCode());
    }

    private HttpResponse<String> formPost(String path, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.origin() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
