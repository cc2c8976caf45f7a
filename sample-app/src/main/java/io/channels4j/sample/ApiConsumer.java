package io.channels4j.sample;

import io.channels4j.auth.Auth;
import io.channels4j.auth.User;
import io.channels4j.core.Headers;
import io.channels4j.core.HttpConsumer;
import java.util.Map;

/** What the sample's JSON endpoints share: method checks and JSON errors. */
abstract class ApiConsumer extends HttpConsumer {
    /** Answers 405 unless the request uses {@code method}; true when it does. */
    protected final boolean require(String method) {
        if (method.equals(scope().method())) {
            return true;
        }
        sendResponse(405, ("{\"error\": \"use " + method + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Headers.of("Allow", method, "Content-Type", "application/json"));
        return false;
    }

    /** Answers {@code status} with {@code {"error": message}}. */
    protected final void error(int status, String message) {
        sendJson(status, Map.of("error", message));
    }

    /**
     * The user whose username and password the POSTed body carries; otherwise answers 405, 400 or 401 and
     * returns empty.
     */
    protected final java.util.Optional<User> signIn(byte[] body, UserDirectory users) {
        if (!require("POST")) {
            return java.util.Optional.empty();
        }
        var credentials = Credentials.read(scope(), body);
        if (credentials.isEmpty()) {
            error(400, "send {\"username\": ..., \"password\": ...} as JSON or a form");
            return java.util.Optional.empty();
        }
        var user = users.authenticate(credentials.get().username(), credentials.get().password());
        if (user.isEmpty()) {
            error(401, "invalid username or password");
        }
        return user;
    }

    /** The signed-in user. */
    protected final User user() {
        return scope().get(Auth.USER);
    }
}
