package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.auth.Auth;
import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.User;
import io.channels4j.core.Application;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.Event;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.channels4j.testing.ManualClock;
import io.channels4j.testing.RedisProcesses;
import io.channels4j.testing.WebsocketCommunicator;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions in Redis: a logout is never undone by a late save, an outage answers 503, the connection is closed with the store. */
@Timeout(60)
class RedisSessionStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-sessions!";
    private final String prefix = "test-sessions-" + UUID.randomUUID();
    private RedisProcesses redis;

    /** /login (body = username) signs in; anything else says who is signed in. */
    static final class Account extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            if (scope().path().equals("/login")) {
                Auth.login(scope(), User.of(new String(body, StandardCharsets.UTF_8)));
            }
            sendJson(200, Map.of("user", scope().get(Auth.USER).username()));
        }
    }

    static final class Anyone extends WebsocketConsumer {
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void updateOfASessionDeletedMeanwhileIsRefusedAndItStaysDeleted() {
        RedisClient client = RedisClient.create(RedisAvailable.url());
        try (RedisSessionStore store = new RedisSessionStore(client, prefix)) {
            store.save("s1", Map.of("_auth_user_id", "alice"), Duration.ofMinutes(1));
            assertTrue(store.update("s1", Map.of("_auth_user_id", "alice", "n", 1), Duration.ofMinutes(1)));
            assertEquals(1, store.load("s1").orElseThrow().get("n"));
            store.delete("s1"); // a logout on another request
            assertFalse(store.update("s1", Map.of("_auth_user_id", "alice", "n", 2), Duration.ofMinutes(1)));
            assertTrue(store.load("s1").isEmpty(), "the late save did not bring the session back");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void expiresAtFollowsTheKeysTtlAndIsEmptyOnceTheKeyIsDeleted() {
        RedisClient client = RedisClient.create(RedisAvailable.url());
        try (RedisSessionStore store = new RedisSessionStore(client, prefix)) {
            long before = System.currentTimeMillis();
            store.save("s1", Map.of("_auth_user_id", "alice"), Duration.ofMinutes(10));
            long expiry = store.expiresAt("s1").orElseThrow().toEpochMilli();
            long after = System.currentTimeMillis();
            assertTrue(expiry > before + Duration.ofMinutes(9).toMillis() && expiry <= after + Duration.ofMinutes(10).toMillis(),
                    "about ten minutes from now: " + (expiry - before) + " ms");
            store.delete("s1"); // directly in the store, as an admin would
            assertTrue(store.expiresAt("s1").isEmpty());
            assertTrue(store.expiresAt("never-saved").isEmpty());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSessionDeletedInRedisDirectlyClosesItsSocketWith4401SignedOutWithinTheRecheck() {
        ManualClock clock = new ManualClock();
        RedisClient client = RedisClient.create(RedisAvailable.url());
        try (RedisSessionStore store = new RedisSessionStore(client, prefix);
             AuthMiddlewareStack stack = AuthMiddlewareStack.builder().secret(SECRET).sessionStore(store).clock(clock)
                     .sessionRecheck(Duration.ofSeconds(60)).build()) {
            Application http = stack.wrap(ConsumerFactory.reflective().of(Account.class));
            HttpResponse login = HttpCommunicator.of(http, "POST", "/login").body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
            String setCookie = login.headers().first("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            try (WebsocketCommunicator ws = WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Anyone.class)), "/ws/")
                    .header("Cookie", cookie)) {
                assertTrue(ws.connect(WAIT).accepted());
                String id = cookie.substring(cookie.indexOf('=') + 1, cookie.lastIndexOf('.'));
                try (var admin = client.connect()) {
                    assertEquals(1L, admin.sync().del(prefix + ":session:" + id), "the session's key, deleted as an admin would");
                }
                clock.advance(Duration.ofSeconds(61));
                Event.WebsocketClose close = ws.receiveCloseFrom(WAIT);
                assertEquals(4401, close.code());
                assertEquals("signed out", close.reason());
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void closeReleasesTheStoresConnectionAndLeavesTheLayerHealthy() {
        try (RedisChannelLayer layer = RedisChannelLayer.builder().url(RedisAvailable.url()).build()) {
            RedisSessionStore store = new RedisSessionStore(layer.client(), prefix);
            store.close();
            assertThrows(ChannelLayerException.class, () -> store.load("s1"));
            assertFalse(Eventually.holdsWithin(Duration.ofMillis(500), () -> !layer.healthy()),
                    "closing a store on the layer's client is not an outage of the layer");
        }
    }

    @Test
    void sessionLookupsDuringARedisOutageAnswer503AndRecover() throws Exception {
        RedisAvailable.url(); // the same rule: skip or fail when the machine has no Redis
        redis = new RedisProcesses(Path.of("target/redis"));
        int port = redis.server();
        try (RedisChannelLayer layer = RedisChannelLayer.builder().url("redis://127.0.0.1:" + port).commandTimeout(Duration.ofSeconds(1)).build();
             RedisSessionStore store = new RedisSessionStore(layer.client(), prefix);
             AuthMiddlewareStack stack = AuthMiddlewareStack.builder().secret(SECRET).sessionStore(store).build()) {
            Application http = stack.wrap(ConsumerFactory.reflective().of(Account.class));
            HttpResponse login = HttpCommunicator.of(http, "POST", "/login").body("alice".getBytes(StandardCharsets.UTF_8)).getResponse(WAIT);
            String setCookie = login.headers().first("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertEquals("alice", me(http, cookie).json().get("user"));

            redis.kill(port);
            HttpResponse during = me(http, cookie);
            assertEquals(503, during.status());
            assertEquals(Map.of("error", "session store unavailable"), during.json());
            try (WebsocketCommunicator ws = WebsocketCommunicator.of(stack.wrap(ConsumerFactory.reflective().of(Anyone.class)), "/ws/")
                    .header("Cookie", cookie)) {
                assertEquals(503, ws.connect(WAIT).status());
            }
            assertEquals(200, HttpCommunicator.of(http, "GET", "/me").getResponse(WAIT).status(), "no cookie, no store needed");

            redis.restart(port); // empty: the session is gone, the cookie is anonymous
            Eventually.await(Duration.ofSeconds(30), () -> me(http, cookie).status() == 200, "session lookups work again");
            assertEquals("", me(http, cookie).json().get("user"));
        }
    }

    private static HttpResponse me(Application http, String cookie) {
        return HttpCommunicator.of(http, "GET", "/me").header("Cookie", cookie).getResponse(WAIT);
    }
}
