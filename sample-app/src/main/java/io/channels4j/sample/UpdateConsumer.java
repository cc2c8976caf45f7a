package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import java.util.List;
import java.util.Map;

/**
 * {@code /ws/update/}: echoes {@code {"message": X}} back, and pushes every {@code /api/updates} post and
 * every finished task of the signed-in user. Input that is not a JSON object with a {@code message} gets
 * {@code {"error": "..."}} and the socket stays open.
 */
@NonBlocking // its handlers only parse and send: they run on the IO thread, saving two thread switches per message
public final class UpdateConsumer extends JsonWebsocketConsumer {
    /** The group every update socket joins. */
    public static final String GROUP = "updates";

    @Override
    protected List<String> groups() {
        return List.of(GROUP);
    }

    @Override
    protected void receiveJson(JsonNode content) {
        JsonNode message = content.get("message");
        if (!content.isObject() || message == null) {
            sendJson(Map.of("error", "expected a JSON object with a \"message\" field"));
            return;
        }
        sendJson(Map.of("message", message));
    }

    /** Group event "update": a post to /api/updates. */
    void update(Message event) {
        sendJson(event);
    }

    /** Per-user event "task.done": a background task this user started has finished. */
    void taskDone(Message event) {
        sendJson(event);
    }
}
