package io.channels4j.sample;

import io.channels4j.auth.JwtAuthenticator;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** {@code POST /auth/token} with credentials: {@code {"token": "<JWT>", "expires_in": 3600}}, or 401 / 400. */
public final class TokenConsumer extends ApiConsumer {
    static final Duration TTL = Duration.ofHours(1);
    private final UserDirectory users;
    private final JwtAuthenticator jwt;
    private final SignInThrottle throttle;

    @Inject
    TokenConsumer(UserDirectory users, JwtAuthenticator jwt, SignInThrottle throttle) {
        this.users = users;
        this.jwt = jwt;
        this.throttle = throttle;
    }

    @Override
    protected void handle(byte[] body) {
        signIn(body, users, throttle).ifPresent(user ->
                sendJson(200, Map.of("token", jwt.issue(user.username(), TTL, Clock.systemUTC()), "expires_in", TTL.toSeconds())));
    }
}
