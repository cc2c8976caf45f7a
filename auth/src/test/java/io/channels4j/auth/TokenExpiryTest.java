package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Event;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.ManualClock;
import io.channels4j.testing.WebsocketCommunicator;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Token expiry on open sockets, on a virtual clock, under the same rule as every other check of a token. */
@Timeout(20)
class TokenExpiryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String THREAD = "channels4j-token-expiry";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final JwtAuthenticator jwt = JwtAuthenticator.builder().hs256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)).clock(clock).build();
    private final AuthMiddlewareStack stack = AuthMiddlewareStack.builder().secret(Tokens.SECRET).jwt(jwt).build();

    static final class WhoAmI extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("user", scope().get(Auth.USER).username()));
        }
    }

    static final class Me extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendJson(200, Map.of("user", scope().get(Auth.USER).username()));
        }
    }

    @AfterEach
    void closeStack() {
        stack.close();
    }

    /** A token for {@code subject} that expires {@code in} from the virtual now (negative: already expired). */
    private String token(String subject, Duration in) {
        return Jwts.builder().subject(subject).expiration(Date.from(clock.instant().plus(in))).signWith(Tokens.KEY, Jwts.SIG.HS256).compact();
    }

    private WebsocketCommunicator socket(String token) {
        return WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(WhoAmI.class)), "/ws/").header("Authorization", "Bearer " + token);
    }

    private static long expiryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(THREAD) && t.isAlive()).count();
    }

    @Test
    void aSocketIsClosedWith4401WhenTheVirtualClockPassesItsExpiry() {
        try (WebsocketCommunicator ws = socket(token("dave", Duration.ofHours(1)))) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("dave", ws.receiveJsonFrom(WAIT).get("user"));
            clock.advance(Duration.ofMinutes(59));
            assertTrue(ws.receiveNothing(Duration.ofMillis(300)), "still valid for a minute and the skew");
            clock.advance(Duration.ofMinutes(2));
            Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
            assertEquals(4401, close.code());
            assertEquals("token expired", close.reason());
        }
    }

    @Test
    void clockSkewAppliesAlikeOverHttpAndAtTheHandshake() {
        String lately = token("erin", Duration.ofSeconds(-10)); // expired 10 s ago: within the 30 s skew
        Map<String, Object> me = HttpCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Me.class)), "GET", "/me")
                .header("Authorization", "Bearer " + lately).getResponse(WAIT).json();
        assertEquals("erin", me.get("user"));
        try (WebsocketCommunicator ws = socket(lately)) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("erin", ws.receiveJsonFrom(WAIT).get("user"));
            assertTrue(ws.receiveNothing(Duration.ofMillis(300)), "not closed while HTTP still accepts the token");
            clock.advance(Duration.ofSeconds(21)); // past exp + 30 s: refused everywhere
            assertEquals(4401, ws.receiveCloseFrom(WAIT).code());
        }
        Map<String, Object> after = HttpCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Me.class)), "GET", "/me")
                .header("Authorization", "Bearer " + lately).getResponse(WAIT).json();
        assertEquals("", after.get("user"));
    }

    @Test
    void theExpiryThreadStartsWithTheFirstTokenSocketAndStopsWithTheStack() {
        long before = expiryThreads();
        try (WebsocketCommunicator ws = socket(token("frank", Duration.ofHours(1)))) {
            assertTrue(ws.connect(WAIT).accepted());
            ws.receiveJsonFrom(WAIT);
            assertEquals(before + 1, expiryThreads());
        }
        stack.close();
        Eventually.await(WAIT, () -> expiryThreads() == before, "the stack's expiry thread has ended");
    }
}
