package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.Json;
import io.channels4j.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/tasks} with {@code {"kind": "report"}}: 202 with a task id; the task goes to channel
 * {@code tasks}, and when the worker is done the user's {@code /ws/update/} sockets get {@code task.done}.
 */
public final class TasksConsumer extends ApiConsumer {
    static final String CHANNEL = "tasks";
    static final Set<String> KINDS = Set.of("report");

    @Override
    protected void handle(byte[] body) {
        if (!require("POST")) {
            return;
        }
        String kind;
        try {
            JsonNode json = Json.read(new String(body, StandardCharsets.UTF_8));
            kind = json.path("kind").asText("");
        } catch (Exception e) {
            kind = "";
        }
        if (!KINDS.contains(kind)) {
            error(400, "unknown task kind '" + kind + "' (known: " + KINDS + ")");
            return;
        }
        String id = UUID.randomUUID().toString();
        try {
            channelLayer().send(CHANNEL, Message.of("task.run", "id", id, "kind", kind, "user", user().username()));
            sendJson(202, Map.of("id", id));
        } catch (ChannelFullException e) {
            error(503, "too many tasks waiting; try again shortly");
        } catch (ChannelLayerException e) {
            error(503, "the channel layer is unavailable; try again shortly");
        }
    }
}
