package com.example.quickstart;

// tag::chat[]
import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.auth.Auth;
import io.channels4j.core.JsonWebsocketConsumer;
import io.channels4j.core.Message;
import java.util.List;

/** {@code /ws/chat/<room>/}: signed-in users only; a message reaches everyone in the room. */
public final class ChatConsumer extends JsonWebsocketConsumer {
    private String room() {
        return scope().urlRoute().kwarg("room", String.class);
    }

    @Override
    protected List<String> groups() {
        return List.of("chat." + room());                      // joined on connect, left on any disconnect
    }

    @Override
    protected void connect() {
        if (scope().get(Auth.USER).isAnonymous()) {
            close();                                            // close before accept: HTTP 403
            return;
        }
        accept();
    }

    @Override
    protected void receiveJson(JsonNode content) {
        channelLayer().groupSend("chat." + room(), Message.of("chat.message",
                "user", scope().get(Auth.USER).username(), "message", content.path("message").asText()));
    }

    /** Layer message {"type": "chat.message"}: dots (and underscores) become camelCase, as in Channels. */
    void chatMessage(Message event) {
        sendJson(event.without("type"));
    }
}
// end::chat[]
