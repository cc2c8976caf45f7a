package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.channels4j.testing.ManualClock;
import io.channels4j.testing.WebsocketCommunicator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a session promises across requests: no resurrection, no data across users, a cookie the browser obeys, 503 in an outage. */
@Timeout(20)
class SessionGuaranteesTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final CountDownLatch[] SLOW = new CountDownLatch[2]; // [entered, proceed] for the slow request
    private final FlakyStore store = new FlakyStore();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuthMiddlewareStack stack = AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionStore(store).clock(clock).build();

    /** A store that fails every call while {@code down}. */
    static final class FlakyStore implements SessionStore {
        final InMemorySessionStore inner = new InMemorySessionStore();
        volatile boolean down;

        private void check() {
            if (down) {
                throw new IllegalStateException("store is down");
            }
        }

        @Override
        public Optional<Map<String, Object>> load(String sessionId) {
            check();
            return inner.load(sessionId);
        }

        @Override
        public void save(String sessionId, Map<String, Object> data, Duration ttl) {
            check();
            inner.save(sessionId, data, ttl);
        }

        @Override
        public boolean update(String sessionId, Map<String, Object> data, Duration ttl) {
            check();
            return inner.update(sessionId, data, ttl);
        }

        @Override
        public void delete(String sessionId) {
            check();
            inner.delete(sessionId);
        }
    }

    /** /login (body = username), /logout, /put (body = value of "cart"), /get, /slow (waits, then writes "cart"), /me. */
    static final class Account extends HttpConsumer {
        @Override
        protected void handle(byte[] body) throws Exception {
            Session session = scope().get(Auth.SESSION);
            String text = new String(body, StandardCharsets.UTF_8);
            switch (scope().path()) {
                case "/login" -> Auth.login(scope(), User.of(text));
                case "/logout" -> Auth.logout(scope());
                case "/put" -> session.put("cart", text);
                case "/slow" -> {
                    SLOW[0].countDown();
                    assertTrue(SLOW[1].await(5, TimeUnit.SECONDS));
                    session.put("cart", "late write");
                }
                default -> {
                }
            }
            Map<String, Object> answer = new HashMap<>();
            answer.put("user", scope().get(Auth.USER).username());
            answer.put("cart", session.get("cart"));
            sendJson(200, answer);
        }
    }

    /** Saves the session when told "save", as a consumer that keeps state in it would. */
    static final class Saving extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            scope().get(Auth.SESSION).put("seen", text);
            scope().get(Auth.SESSION).save();
            send("saved");
        }
    }

    @AfterEach
    void closeStack() {
        stack.close();
    }

    private Application http() {
        return stack.wrap(ConsumerFactory.reflective().of(Account.class));
    }

    private HttpResponse post(String path, String cookie, String body) {
        HttpCommunicator request = HttpCommunicator.of(http(), "POST", path).body(body.getBytes(StandardCharsets.UTF_8));
        return (cookie == null ? request : request.header("Cookie", "sessionid=" + cookie)).getResponse(WAIT);
    }

    private static String cookieValue(HttpResponse response) {
        String setCookie = setCookie(response);
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String setCookie(HttpResponse response) {
        return response.headers().first("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie"));
    }

    private String login(String user) {
        return cookieValue(post("/login", null, user));
    }

    private String whoIs(String cookie) {
        return (String) post("/me", cookie, "").json().get("user");
    }

    @Test
    void aSessionDeletedByAConcurrentLogoutIsNeverWrittenBack() throws Exception {
        String cookie = login("alice");
        SLOW[0] = new CountDownLatch(1);
        SLOW[1] = new CountDownLatch(1);
        CompletableFuture<HttpResponse> slow = CompletableFuture.supplyAsync(() -> post("/slow", cookie, ""));
        assertTrue(SLOW[0].await(5, TimeUnit.SECONDS), "the slow request has loaded the session");
        assertEquals(200, post("/logout", cookie, "").status());
        SLOW[1].countDown();
        HttpResponse late = slow.get(5, TimeUnit.SECONDS);

        assertEquals(400, late.status());
        assertTrue(String.valueOf(late.json().get("error")).contains("deleted by a concurrent logout"));
        assertTrue(setCookie(late).contains("Max-Age=0"), "the dead cookie is cleared in the browser too");
        assertEquals("", whoIs(cookie), "the signed-out cookie authenticates nobody");
        assertEquals(0, store.inner.size());
    }

    @Test
    void aSocketSavingASessionDeletedByALogoutElsewhereFailsAndTheSessionStaysDeleted() {
        String cookie = login("alice");
        Application sockets = stack.wrap(ConsumerFactory.reflective().of(Saving.class));
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(sockets, "/ws/").header("Cookie", "sessionid=" + cookie)) {
            assertTrue(ws.connect(WAIT).accepted());
            ws.sendTo("before");
            assertEquals("saved", ws.receiveFrom(WAIT));
            assertEquals(200, post("/logout", cookie, "").status());
            ws.sendTo("after");
            assertEquals(1011, ws.receiveCloseFrom(WAIT).code());
        }
        assertEquals("", whoIs(cookie));
        assertEquals(0, store.inner.size());
    }

    @Test
    void loginOnAnotherUsersSessionStartsFromAnEmptySession() {
        String alice = login("alice");
        assertEquals("alice's secrets", post("/put", alice, "alice's secrets").json().get("cart"));
        String bob = cookieValue(post("/login", alice, "bob"));
        Map<String, Object> seen = post("/get", bob, "").json();
        assertEquals("bob", seen.get("user"));
        assertNull(seen.get("cart"), "nothing of alice's session follows bob");
        assertEquals("", whoIs(alice));
    }

    @Test
    void loginAgainAsTheSameUserKeepsTheDataAndRotatesTheId() {
        String first = login("alice");
        post("/put", first, "kept");
        String second = cookieValue(post("/login", first, "alice"));
        assertNotEquals(first, second);
        assertEquals("kept", post("/get", second, "").json().get("cart"));
        assertEquals("", whoIs(first));
    }

    @Test
    void sessionCookieCarriesExpiresMatchingMaxAge() {
        String setCookie = setCookie(post("/login", null, "alice"));
        // the clock reads 2026-01-01T00:00:00Z; the session lives 14 days
        assertTrue(setCookie.contains("; Max-Age=1209600; Expires=Thu, 15 Jan 2026 00:00:00 GMT;"), setCookie);
        assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    }

    @Test
    void sameSiteIsConfigurable() {
        try (AuthMiddlewareStack strict = AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionCookieSameSite(SameSite.STRICT).build()) {
            HttpResponse response = HttpCommunicator.of(strict.wrap(ConsumerFactory.reflective().of(Account.class)), "POST", "/login")
                    .body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
            assertTrue(setCookie(response).contains("; SameSite=Strict"), setCookie(response));
        }
    }

    @Test
    void sameSiteNoneIsRefusedWithoutSecure() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionCookieSameSite(SameSite.NONE).build());
        assertTrue(e.getMessage().contains("sessionCookieSecure(true)"), e.getMessage());
    }

    @Test
    void sameSiteNoneWithSecureIsSetAndDeletedWithTheSameAttributes() {
        try (AuthMiddlewareStack none = AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionCookieSameSite(SameSite.NONE)
                .sessionCookieSecure(true).build()) {
            Application app = none.wrap(ConsumerFactory.reflective().of(Account.class));
            HttpResponse login = HttpCommunicator.of(app, "POST", "/login").body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
            assertTrue(setCookie(login).endsWith("; SameSite=None; Secure"), setCookie(login));
            HttpResponse logout = HttpCommunicator.of(app, "POST", "/logout").header("Cookie", "sessionid=" + cookieValue(login)).getResponse(WAIT);
            assertTrue(setCookie(logout).endsWith("; SameSite=None; Secure"), setCookie(logout));
        }
    }

    @Test
    void logoutExpiresTheCookieInTheBrowser() {
        String cookie = login("alice");
        String cleared = setCookie(post("/logout", cookie, ""));
        assertTrue(cleared.startsWith("sessionid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/;"), cleared);
        assertEquals("", whoIs(cookie));
    }

    @Test
    void failedSessionLookupsAnswer503JsonAndTheOutageIsLoggedOnce() {
        String cookie = login("alice");
        String log = capturingStandardError(() -> {
            store.down = true;
            for (int i = 0; i < 3; i++) {
                HttpResponse response = post("/me", cookie, "");
                assertEquals(503, response.status());
                assertEquals(Map.of("error", "session store unavailable"), response.json());
                try (WebsocketCommunicator ws = WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Saving.class)), "/ws/")
                        .header("Cookie", "sessionid=" + cookie)) {
                    assertEquals(503, ws.connect(WAIT).status());
                }
            }
            assertEquals(200, post("/me", null, "").status(), "a request without a session cookie needs no store");
            store.down = false;
            assertEquals("alice", whoIs(cookie));
            assertEquals("alice", whoIs(cookie));
        });
        assertEquals(1, count(log, "Session store unavailable"), log);
        assertEquals(1, count(log, "Session store reachable again"), log);
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
    }

    @Test
    void aSignInDuringAStoreOutageAnswers503Json() {
        store.down = true;
        HttpResponse response = post("/login", null, "alice");
        assertEquals(503, response.status());
        assertEquals(Map.of("error", "session store unavailable"), response.json());
        store.down = false;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String capturingStandardError(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
