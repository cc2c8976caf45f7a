package io.channels4j.sample;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.HttpConsumer;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.channels4j.metrics.MeteredChannelLayer;
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
        ChannelLayer inner = layer instanceof MeteredChannelLayer ? ((MeteredChannelLayer) layer).unwrap() : layer;
        if (inner instanceof RedisChannelLayer && !((RedisChannelLayer) inner).healthy()) {
            sendJson(503, Map.of("status", "degraded", "error", "Redis is unreachable; local connections still work"));
        } else {
            sendText(200, "ok");
        }
    }
}
