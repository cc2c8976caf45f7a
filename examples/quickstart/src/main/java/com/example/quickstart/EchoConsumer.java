package com.example.quickstart;

// tag::consumer[]
import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.JsonWebsocketConsumer;
import java.util.Map;

/** {@code /ws/update/}: answers {@code {"message": X}} with the same message. */
public final class EchoConsumer extends JsonWebsocketConsumer {
    @Override
    protected void connect() {
        accept();                                               // or close(): the handshake gets 403
    }

    @Override
    protected void receiveJson(JsonNode content) {
        sendJson(Map.of("message", content.path("message").asText()));
    }
}
// end::consumer[]
