package io.channels4j.sample;

import static io.channels4j.routing.Routes.include;
import static io.channels4j.routing.Routes.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.channels4j.auth.AuthMiddlewareStack;
import io.channels4j.auth.JwtAuthenticator;
import io.channels4j.auth.LoginRequired;
import io.channels4j.core.Application;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.routing.URLRouter;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The auth middlewares around a nested router: routing and auth meet only here, where both are on the classpath. */
@Timeout(10)
class WrappedRoutersTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

    private static final Application KWARGS = (scope, sender) -> event -> {
        if (event instanceof Event.HttpRequest) {
            sender.send(new Event.HttpResponseStart(200, Headers.EMPTY));
            String kwargs = "version=" + scope.urlRoute().kwarg("version", String.class) + " id=" + scope.urlRoute().kwarg("id", Integer.class);
            sender.send(new Event.HttpResponseBody(kwargs.getBytes(StandardCharsets.UTF_8), false));
        }
    };

    private final Application app = AuthMiddlewareStack.builder().secret(SECRET)
            .jwt(JwtAuthenticator.builder().hs256(SECRET.getBytes(StandardCharsets.UTF_8)).build()).build()
            .wrap(URLRouter.of(path("api/<str:version>/", new LoginRequired().wrap(include(path("items/<int:id>", KWARGS))))));

    private static String token(String user) {
        return Jwts.builder().subject(user).expiration(Date.from(Instant.now().plusSeconds(300)))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    @Test
    void loginRequiredAroundAnIncludeMatchesAPrefixAndMergesKwargs() {
        HttpResponse signedIn = HttpCommunicator.of(app, "GET", "/api/v2/items/7").header("Authorization", "Bearer " + token("alice")).getResponse();
        assertEquals(200, signedIn.status(), signedIn.text());
        assertEquals("version=v2 id=7", signedIn.text());
        assertEquals(401, HttpCommunicator.of(app, "GET", "/api/v2/items/7").getResponse().status());
        assertEquals(404, HttpCommunicator.of(app, "GET", "/api/v2/nothing").getResponse().status());
    }
}
