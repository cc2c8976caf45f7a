package io.channels4j.sample;

import java.util.Map;

/** {@code GET /api/rooms/<room>/presence}: who is in a chat room, as the chat's presence frame lists them. */
public final class RoomPresenceConsumer extends ApiConsumer {
    @Override
    protected void handle(byte[] body) {
        if (require("GET")) {
            String room = scope().urlRoute().kwarg("room", String.class);
            sendJson(200, Map.of("room", room, "users", ChatConsumer.users(channelLayer().presence("chat." + room))));
        }
    }
}
