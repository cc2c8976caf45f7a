package com.example.quickstart;

// tag::health[]
import io.channels4j.core.HttpConsumer;

/** {@code GET /healthz}: 200 {@code ok}. */
public final class HealthConsumer extends HttpConsumer {
    @Override
    protected void handle(byte[] body) {
        sendText(200, "ok");
    }
}
// end::health[]
