package io.channels4j.sample;

import io.channels4j.auth.Auth;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code POST /auth/login} with {@code {"username","password"}} (or a form): a session cookie, or 401 / 400. */
public final class LoginConsumer extends ApiConsumer {
    private final UserDirectory users;

    @Inject
    LoginConsumer(UserDirectory users) {
        this.users = users;
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
                user -> sendJson(200, Map.of("username", Auth.login(scope(), user).username())),
                () -> error(401, "invalid username or password"));
    }
}
