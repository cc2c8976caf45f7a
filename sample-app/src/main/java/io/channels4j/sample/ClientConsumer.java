package io.channels4j.sample;

import java.util.Map;

/**
 * {@code GET /api/client}: the caller's address and scheme as the server sees them, to check a proxy's setup (behind a
 * trusted proxy they come from its X-Forwarded-For and X-Forwarded-Proto, otherwise they are the proxy's own).
 */
public final class ClientConsumer extends ApiConsumer {
    @Override
    protected void handle(byte[] body) {
        if (require("GET")) {
            String address = scope().client() == null ? "" : scope().client().getAddress().getHostAddress();
            sendJson(200, Map.of("address", address, "scheme", scope().scheme()));
        }
    }
}
