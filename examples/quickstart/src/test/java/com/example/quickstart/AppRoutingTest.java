package com.example.quickstart;

// tag::test[]
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.auth.JwtAuthenticator;
import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.testing.ConnectResult;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.WebsocketCommunicator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app in-process: no network, no server, as Channels' communicators. */
class AppRoutingTest {
    static final String SECRET = "test-secret-test-secret-test-secret-0123";
    final Application app = new AppRouting(ConsumerFactory.reflective(new InMemoryChannelLayer()), AppRouting.auth(SECRET))
            .application();

    @Test
    void echoesTheMessage() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/update/")) {
            ConnectResult result = ws.connect();                // accepted? subprotocol? or the close code and HTTP status
            assertTrue(result.accepted());
            ws.sendJsonTo(Map.of("message", "hello"));
            assertEquals(Map.of("message", "hello"), ws.receiveJsonFrom(Duration.ofSeconds(1)));
            assertTrue(ws.receiveNothing());
        }
    }

    @Test
    void chatNeedsASignedInUser() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/chat/lobby/")) {
            ConnectResult result = ws.connect();
            assertFalse(result.accepted());
            assertEquals(403, result.status());                 // closed before accept
        }
    }

    @Test
    void chatReachesEveryoneInTheRoom() {
        JwtAuthenticator jwt = JwtAuthenticator.builder().hs256(SECRET.getBytes(StandardCharsets.UTF_8)).build();
        String aliceToken = jwt.issue("alice", Duration.ofMinutes(5), Clock.systemUTC());
        String bobToken = jwt.issue("bob", Duration.ofMinutes(5), Clock.systemUTC());
        try (WebsocketCommunicator alice = WebsocketCommunicator.of(app, "/ws/chat/lobby/").header("Authorization", "Bearer " + aliceToken);
             WebsocketCommunicator bob = WebsocketCommunicator.of(app, "/ws/chat/lobby/").header("Authorization", "Bearer " + bobToken)) {
            assertTrue(alice.connect().accepted());
            assertTrue(bob.connect().accepted());
            alice.sendJsonTo(Map.of("message", "hi"));
            assertEquals(Map.of("user", "alice", "message", "hi"), bob.receiveJsonFrom(Duration.ofSeconds(1)));
        }
    }

    @Test
    void answersHealthChecks() {
        assertEquals("ok", HttpCommunicator.of(app, "GET", "/healthz").getResponse().text());
    }
}
// end::test[]
