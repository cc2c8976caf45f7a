package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.HttpConsumer;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code GET /healthz}: 200 {@code ok} while the app serves; 503 with a JSON reason while its Redis is unreachable. */
public final class HealthConsumer extends HttpConsumer {
    private final ChannelLayer layer;

    @Inject
    HealthConsumer(ChannelLayer layer) {
        this.layer = layer;
    }

    @Override
    protected void handle(byte[] body) {
        if (!layer.healthy()) {
            sendJson(503, Map.of("status", "degraded", "error", "Redis is unreachable; local connections still work"));
        } else {
            sendText(200, "ok");
        }
    }
}
