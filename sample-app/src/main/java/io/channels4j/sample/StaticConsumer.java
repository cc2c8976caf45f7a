package io.channels4j.sample;

import io.channels4j.core.Headers;
import io.channels4j.core.HttpConsumer;
import jakarta.inject.Inject;

/** {@code GET /} and {@code GET /static/<path>}: the demo page and its scripts, from the classpath. */
public final class StaticConsumer extends HttpConsumer {
    private final StaticFiles files;

    @Inject
    StaticConsumer(StaticFiles files) {
        this.files = files;
    }

    @Override
    protected void handle(byte[] body) {
        if (!"GET".equals(scope().method()) && !"HEAD".equals(scope().method())) {
            sendResponse(405, new byte[0], Headers.of("Allow", "GET, HEAD"));
            return;
        }
        String name = scope().urlRoute().kwargs().containsKey("file") ? scope().urlRoute().kwarg("file") : "index.html";
        files.find(name).ifPresentOrElse(
                file -> sendResponse(200, file.content(), Headers.of("Content-Type", file.contentType(), "Cache-Control", "no-cache",
                        "X-Content-Type-Options", "nosniff")),
                () -> sendText(404, "Not found: '" + name + "'"));
    }
}
