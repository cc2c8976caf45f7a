package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.Json;
import io.channels4j.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST /api/updates} with {@code {"message": ...}}: 202, and every {@code /ws/update/} socket gets it. */
public final class UpdatesConsumer extends ApiConsumer {
    @Override
    protected void handle(byte[] body) {
        if (!require("POST")) {
            return;
        }
        JsonNode message;
        try {
            JsonNode json = Json.read(new String(body, StandardCharsets.UTF_8));
            message = json.isObject() ? json.get("message") : null;
        } catch (Exception e) {
            message = null;
        }
        if (message == null) {
            error(400, "send a JSON object with a \"message\" field");
            return;
        }
        try {
            channelLayer().groupSend(UpdateConsumer.GROUP, Message.of("update", "user", user().username(),
                    "message", Json.mapper().convertValue(message, Object.class)));
            sendJson(202, Map.of("ok", true));
        } catch (ChannelLayerException e) {
            error(503, "the channel layer is unavailable; try again shortly");
        }
    }
}
