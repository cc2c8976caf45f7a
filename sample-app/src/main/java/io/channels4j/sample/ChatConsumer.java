package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.auth.Auth;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import io.channels4j.core.NonBlocking;
import java.util.List;
import java.util.Map;

/**
 * {@code /ws/chat/<room>/} for signed-in users: {@code {"message": "hi"}} reaches every member of the room
 * as {@code {"room", "user", "message"}}, through the channel layer group {@code chat.<room>}.
 */
public final class ChatConsumer extends JsonWebsocketConsumer {
    static final int MAX_MESSAGE_LENGTH = 4000;

    private String room() {
        return scope().urlRoute().kwarg("room", String.class);
    }

    @Override
    protected List<String> groups() {
        return List.of("chat." + room());
    }

    @Override
    protected void receiveJson(JsonNode content) {
        JsonNode message = content.get("message");
        if (!content.isObject() || message == null || !message.isTextual()) {
            sendJson(Map.of("error", "expected a JSON object with a text \"message\" field"));
            return;
        }
        if (message.asText().length() > MAX_MESSAGE_LENGTH) {
            sendJson(Map.of("error", "message longer than " + MAX_MESSAGE_LENGTH + " characters"));
            return;
        }
        try {
            channelLayer().groupSend("chat." + room(), Message.of("chat.message",
                    "room", room(), "user", scope().get(Auth.USER).username(), "message", message.asText()));
        } catch (ChannelLayerException e) {
            sendJson(Map.of("error", "message not delivered: the channel layer is unavailable, try again shortly"));
        }
    }

    /** Group event "chat.message": one member's message, for this socket's client; it only sends, so it runs inline. */
    @NonBlocking
    void chatMessage(Message event) {
        sendJson(event.without("type"));
    }
}
