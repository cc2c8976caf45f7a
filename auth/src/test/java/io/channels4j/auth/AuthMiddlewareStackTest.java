package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.testing.ConnectResult;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.channels4j.testing.WebsocketCommunicator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AuthMiddlewareStackTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();
    private final AuthMiddlewareStack stack = AuthMiddlewareStack.builder().secret(Tokens.SECRET).sessionStore(store)
            .jwt(Tokens.authenticator()).build();

    @AfterEach
    void closeStack() {
        stack.close();
    }

    /** POST /login with a username signs in; POST /logout signs out; GET /me says who you are. */
    static final class Account extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            switch (scope().path()) {
                case "/login" -> sendJson(200, Map.of("username", Auth.login(scope(), User.of(new String(body, StandardCharsets.UTF_8))).username()));
                case "/logout" -> {
                    Auth.logout(scope());
                    sendJson(200, Map.of());
                }
                default -> sendJson(200, Map.of("username", scope().get(Auth.USER).username()));
            }
        }
    }

    static final class WhoAmI extends JsonWebsocketConsumer {
        @Override
        protected void connect() {
            accept();
            sendJson(Map.of("user", scope().get(Auth.USER).username(), "subprotocols", scope().subprotocols()));
        }

        void notice(Message m) {
            sendJson(m.without("type"));
        }
    }

    private Application http() {
        return stack.wrap(ConsumerFactory.reflective().of(Account.class));
    }

    private Application protectedSocket() {
        return stack.wrap(new LoginRequired().wrap(ConsumerFactory.reflective(layer).of(WhoAmI.class)));
    }

    private static String cookieValue(HttpResponse response) {
        String setCookie = response.headers().first("Set-Cookie").orElseThrow();
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private String login(String user) {
        HttpResponse response = HttpCommunicator.of(http(), "POST", "/login").body(user.getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
        assertEquals(200, response.status());
        return cookieValue(response);
    }

    private String me(String cookie) {
        return (String) HttpCommunicator.of(http(), "GET", "/me").header("Cookie", "sessionid=" + cookie).getResponse(WAIT).json().get("username");
    }

    @Test
    void loginSetsASignedHttpOnlyCookieThatAuthenticates() {
        HttpResponse response = HttpCommunicator.of(http(), "POST", "/login").body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
        String setCookie = response.headers().first("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && !setCookie.contains("Secure"), setCookie);
        assertEquals("alice", me(cookieValue(response)));
    }

    @Test
    void cookieIsSecureOverTls() {
        HttpResponse response = HttpCommunicator.of(http(), "POST", "/login").scheme("https").body("alice".getBytes(StandardCharsets.UTF_8))
                .getResponse(WAIT);
        assertTrue(response.headers().first("Set-Cookie").orElseThrow().endsWith("; Secure"));
    }

    @Test
    void forgedOrTamperedCookiesAreNoSession() {
        String cookie = login("alice");
        String id = cookie.substring(0, cookie.lastIndexOf('.'));
        String mac = cookie.substring(cookie.lastIndexOf('.') + 1);
        assertEquals("", me(id + "." + (mac.charAt(0) == 'A' ? 'B' : 'A') + mac.substring(1)));
        assertEquals("", me(id));
        assertEquals("", me("forged." + mac));
        assertEquals("", me("garbage"));
        assertEquals("alice", me(cookie));
    }

    @Test
    void loginRotatesTheSessionIdAgainstFixation() {
        String before = login("mallory");
        HttpResponse response = HttpCommunicator.of(http(), "POST", "/login").header("Cookie", "sessionid=" + before)
                .body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
        String after = cookieValue(response);
        assertNotEquals(before, after);
        assertEquals("", me(before), "the old id no longer authenticates anyone");
        assertEquals("alice", me(after));
    }

    @Test
    void logoutInvalidatesTheSessionAndClearsTheCookie() {
        String cookie = login("alice");
        HttpResponse response = HttpCommunicator.of(http(), "POST", "/logout").header("Cookie", "sessionid=" + cookie).getResponse(WAIT);
        assertTrue(response.headers().first("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals("", me(cookie));
    }

    @Test
    void sessionCookieAuthenticatesAWebsocket() {
        String cookie = login("alice");
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(protectedSocket(), "/ws/").header("Cookie", "sessionid=" + cookie)) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("alice", ws.receiveJsonFrom(WAIT).get("user"));
        }
    }

    @Test
    void bearerHeaderAuthenticates() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(protectedSocket(), "/ws/").header("Authorization", "Bearer " + Tokens.valid("bob"))) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("bob", ws.receiveJsonFrom(WAIT).get("user"));
        }
    }

    @Test
    void bearerSubprotocolAuthenticatesAndTheTokenIsNeverEchoed() {
        String token = Tokens.valid("bob");
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(protectedSocket(), "/ws/").subprotocols("bearer", token)) {
            ConnectResult result = ws.connect(WAIT);
            assertTrue(result.accepted());
            assertEquals("bearer", result.subprotocol());
            Map<String, Object> hello = ws.receiveJsonFrom(WAIT);
            assertEquals("bob", hello.get("user"));
            assertEquals(java.util.List.of("bearer"), hello.get("subprotocols"));
        }
    }

    @Test
    void queryStringTokenAuthenticates() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(protectedSocket(), "/ws/?token=" + Tokens.valid("carol"))) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("carol", ws.receiveJsonFrom(WAIT).get("user"));
        }
    }

    @Test
    void everyBadTokenIsAnonymousAndRefused() {
        String good = Tokens.valid("alice");
        for (String bad : new String[] {Tokens.unsigned("alice"), Tokens.signedWithOtherKey("alice"), Tokens.expired("alice"),
                Tokens.notYetValid("alice"), good.substring(0, good.length() - 3), "garbage"}) {
            try (WebsocketCommunicator ws = WebsocketCommunicator.of(protectedSocket(), "/ws/?token=" + bad)) {
                ConnectResult result = ws.connect(WAIT);
                assertFalse(result.accepted());
                assertEquals(403, result.status());
            }
            HttpResponse response = HttpCommunicator.of(stack.wrap(new LoginRequired().wrap(ConsumerFactory.reflective().of(Account.class))), "GET", "/me")
                    .header("Authorization", "Bearer " + bad).getResponse(WAIT);
            assertEquals(401, response.status());
            assertEquals(Map.of("error", "authentication required"), response.json());
        }
    }

    @Test
    void sendToUserReachesAllOfThatUsersSocketsOnly() {
        try (WebsocketCommunicator alice1 = WebsocketCommunicator.of(protectedSocket(), "/ws/").header("Authorization", "Bearer " + Tokens.valid("alice"));
             WebsocketCommunicator alice2 = WebsocketCommunicator.of(protectedSocket(), "/ws/?token=" + Tokens.valid("alice"));
             WebsocketCommunicator bob = WebsocketCommunicator.of(protectedSocket(), "/ws/").header("Authorization", "Bearer " + Tokens.valid("bob"))) {
            for (WebsocketCommunicator ws : new WebsocketCommunicator[] {alice1, alice2, bob}) {
                assertTrue(ws.connect(WAIT).accepted());
                ws.receiveJsonFrom(WAIT);
            }
            Auth.sendToUser(layer, "alice", Message.of("notice", "text", "signed out elsewhere"));
            assertEquals(Map.of("text", "signed out elsewhere"), alice1.receiveJsonFrom(WAIT));
            assertEquals(Map.of("text", "signed out elsewhere"), alice2.receiveJsonFrom(WAIT));
            assertTrue(bob.receiveNothing(Duration.ofMillis(200)));
        }
        assertEquals("user.h", Auth.userGroup("name with spaces").substring(0, 6));
    }

    @Test
    void shortSecretsAreRefusedWithEveryProblemListed() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> AuthMiddlewareStack.builder().secret("short").sessionCookieName("bad name").build());
        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().contains("use at least 32"));
    }

    @Test
    void anonymousWithoutCredentials() {
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective(layer).of(WhoAmI.class)), "/ws/")) {
            assertTrue(ws.connect(WAIT).accepted());
            assertEquals("", ws.receiveJsonFrom(WAIT).get("user"));
        }
    }
}
