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

    /** The signed-in user. */
    protected final User user() {
        return scope().get(Auth.USER);
    }
}
