package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.session.SessionStore;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.channels4j.testing.ManualClock;
import io.channels4j.testing.WebsocketCommunicator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sockets opened with a session end with it: at its expiry in the store, or soon after its deletion there; on a virtual clock. */
@Timeout(20)
class SessionExpiryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration AGE = Duration.ofMinutes(10);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStore store = new CountingStore(new InMemorySessionStore(clock));
    private AuthMiddlewareStack stack;

    /** Counts the expiry reads, so a test can wait until the watch has read the session once. */
    static final class CountingStore implements SessionStore {
        final InMemorySessionStore inner;
        final AtomicInteger expiryReads = new AtomicInteger();

        CountingStore(InMemorySessionStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Map<String, Object>> load(String sessionId) {
            return inner.load(sessionId);
        }

        @Override
        public void save(String sessionId, Map<String, Object> data, Duration ttl) {
            inner.save(sessionId, data, ttl);
        }

        @Override
        public boolean update(String sessionId, Map<String, Object> data, Duration ttl) {
            return inner.update(sessionId, data, ttl);
        }

        @Override
        public void delete(String sessionId) {
            inner.delete(sessionId);
        }

        @Override
        public Optional<Instant> expiresAt(String sessionId) {
            expiryReads.incrementAndGet();
            return inner.expiresAt(sessionId);
        }
    }

    static final class Login extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            Auth.login(scope(), User.of(new String(body, StandardCharsets.UTF_8)));
            sendJson(200, Map.of());
        }
    }

    static final class WhoAmI extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("user", scope().get(Auth.USER).username()));
        }
    }

    @AfterEach
    void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private void build(Duration recheck) {
        stack = AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionStore(store).sessionAge(AGE).clock(clock).sessionRecheck(recheck).build();
    }

    /** The session cookie's value after signing in. */
    private String login(String user) {
        HttpResponse response = HttpCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Login.class)), "POST", "/login")
                .body(user.getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
        String setCookie = response.headers().first("Set-Cookie").orElseThrow();
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String sessionId(String cookie) {
        return cookie.substring(0, cookie.lastIndexOf('.'));
    }

    private WebsocketCommunicator socket(String cookie, String user) {
        WebsocketCommunicator ws = WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(WhoAmI.class)), "/ws/")
                .header("Cookie", "sessionid=" + cookie);
        assertTrue(ws.connect(WAIT).accepted());
        assertEquals(user, ws.receiveJsonFrom(WAIT).get("user"));
        return ws;
    }

    private void awaitReads(int reads) {
        Eventually.await(WAIT, () -> store.expiryReads.get() >= reads, "the session was read " + reads + " time(s)");
    }

    private static void assertSignedOut(WebsocketCommunicator ws) {
        Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
        assertEquals(4401, close.code());
        assertEquals("signed out", close.reason());
    }

    @Test
    void aSocketIsClosedWith4401SignedOutWhenItsSessionExpiresInTheStore() {
        build(Duration.ofHours(1)); // only the expiry can close it
        try (WebsocketCommunicator ws = socket(login("alice"), "alice")) {
            awaitReads(1);
            clock.advance(Duration.ofMinutes(9));
            assertTrue(ws.receiveNothing(Duration.ofMillis(300)), "the session has a minute left");
            clock.advance(Duration.ofMinutes(2));
            assertSignedOut(ws);
        }
    }

    @Test
    void aSessionSavedAgainBeforeItsExpiryKeepsItsSocketUntilTheNewExpiry() {
        build(Duration.ofHours(1));
        String cookie = login("bob");
        try (WebsocketCommunicator ws = socket(cookie, "bob")) {
            awaitReads(1);
            clock.advance(Duration.ofMinutes(9));
            assertTrue(store.update(sessionId(cookie), store.load(sessionId(cookie)).orElseThrow(), AGE)); // now expires at 19 min
            clock.advance(Duration.ofMinutes(2));
            awaitReads(2); // the read at the old expiry found the later one
            assertTrue(ws.receiveNothing(Duration.ofMillis(300)), "renewed: still signed in past the old expiry");
            clock.advance(Duration.ofMinutes(9));
            assertSignedOut(ws);
        }
    }

    @Test
    void aSessionDeletedInTheStoreClosesEverySocketWithinTheRecheckIntervalInOneRead() {
        build(Duration.ofSeconds(60));
        String cookie = login("carol");
        try (WebsocketCommunicator first = socket(cookie, "carol"); WebsocketCommunicator second = socket(cookie, "carol")) {
            awaitReads(1);
            store.inner.delete(sessionId(cookie)); // an admin deleting it, not a logout
            int before = store.expiryReads.get();
            clock.advance(Duration.ofSeconds(61));
            assertSignedOut(first);
            assertSignedOut(second);
            assertEquals(before + 1, store.expiryReads.get(), "one store read for the session, not one per socket");
        }
    }

    @Test
    void aSessionRecheckThatIsNotPositiveIsRefused() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.channels4j.core.ImproperlyConfiguredException.class,
                () -> AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionRecheck(Duration.ZERO).build())
                .getMessage().contains("sessionRecheck must be positive"));
    }
}
