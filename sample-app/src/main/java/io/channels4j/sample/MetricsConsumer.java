package io.channels4j.sample;

import io.channels4j.core.Headers;
import io.channels4j.core.HttpConsumer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the server's and the layer's meters in Prometheus' text format. */
public final class MetricsConsumer extends HttpConsumer {
    private final PrometheusMeterRegistry registry;

    @Inject
    MetricsConsumer(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void handle(byte[] body) {
        sendResponse(200, registry.scrape().getBytes(StandardCharsets.UTF_8), Headers.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
    }
}
