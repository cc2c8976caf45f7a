package io.channels4j.sample;

import io.channels4j.auth.Auth;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code POST /auth/login} with {@code {"username","password"}} (or a form): a session cookie, or 401 / 400. */
public final class LoginConsumer extends ApiConsumer {
    private final UserDirectory users;
    private final SignInThrottle throttle;

    @Inject
    LoginConsumer(UserDirectory users, SignInThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    protected void handle(byte[] body) {
        signIn(body, users, throttle).ifPresent(user -> sendJson(200, Map.of("username", Auth.login(scope(), user).username())));
    }
}
