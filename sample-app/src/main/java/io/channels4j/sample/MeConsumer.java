package io.channels4j.sample;

import java.util.Map;

/** {@code GET /api/me}: who the session or bearer token belongs to (401 when nobody, by LoginRequired). */
public final class MeConsumer extends ApiConsumer {
    @Override
    protected void handle(byte[] body) {
        if (require("GET")) {
            sendJson(200, Map.of("username", user().username()));
        }
    }
}
