package io.channels4j.sample;

import io.channels4j.auth.Auth;
import io.channels4j.auth.User;
import io.channels4j.core.Headers;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.Json;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the sample's JSON endpoints share: method checks and JSON errors. */
abstract class ApiConsumer extends HttpConsumer {
    private static final Logger log = LoggerFactory.getLogger(ApiConsumer.class);

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
     * The user whose username and password the POSTed body carries; otherwise answers 405, 400, 401, or 429
     * with {@code Retry-After} when the account or the client address has failed too often (the same
     * answer whether the account exists or not), and returns empty.
     */
    protected final java.util.Optional<User> signIn(byte[] body, UserDirectory users, SignInThrottle throttle) {
        if (!require("POST")) {
            return java.util.Optional.empty();
        }
        var credentials = Credentials.read(scope(), body);
        if (credentials.isEmpty()) {
            error(400, "send {\"username\": ..., \"password\": ...} as JSON or a form");
            return java.util.Optional.empty();
        }
        String username = credentials.get().username();
        java.util.Optional<java.time.Duration> wait;
        try {
            wait = throttle.attempt(username, scope().client());
        } catch (RuntimeException storeDown) {
            log.warn("Sign-in refused: the failed sign-in counts cannot be read ({})", storeDown.toString());
            error(503, "sign-in unavailable: the failed sign-in counts cannot be reached; try again shortly");
            return java.util.Optional.empty();
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            sendResponse(429, Json.write(Map.of("error", "too many failed sign-ins; try again in " + seconds + " s"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.of("Content-Type", "application/json", "Retry-After", String.valueOf(seconds)));
            return java.util.Optional.empty();
        }
        var user = users.authenticate(username, credentials.get().password());
        if (user.isEmpty()) {
            error(401, "invalid username or password");
        } else {
            try {
                throttle.succeeded(username, scope().client());
            } catch (RuntimeException storeDown) {
                log.warn("Could not give back a successful sign-in's attempt ({})", storeDown.toString());
            }
        }
        return user;
    }

    /** The signed-in user. */
    protected final User user() {
        return scope().get(Auth.USER);
    }
}
