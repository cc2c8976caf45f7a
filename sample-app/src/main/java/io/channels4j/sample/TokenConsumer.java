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

    @Inject
    TokenConsumer(UserDirectory users, JwtAuthenticator jwt) {
        this.users = users;
        this.jwt = jwt;
    }

    @Override
    protected void handle(byte[] body) {
        if (!require("POST")) {
            return;
        }
        var credentials = Credentials.read(scope(), body);
        if (credentials.isEmpty()) {
            error(400, "send {\"username\": ..., \"password\": ...} as JSON or a form");
            return;
        }
        users.authenticate(credentials.get().username(), credentials.get().password()).ifPresentOrElse(
                user -> sendJson(200, Map.of("token", jwt.issue(user.username(), TTL, Clock.systemUTC()), "expires_in", TTL.toSeconds())),
                () -> error(401, "invalid username or password"));
    }
}
