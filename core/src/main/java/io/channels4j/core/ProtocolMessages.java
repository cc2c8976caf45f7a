package io.channels4j.core;

import java.nio.charset.StandardCharsets;

/**
 * Layer messages typed as a protocol event ({@code websocket.receive}, {@code websocket.disconnect},
 * {@code http.request}, {@code http.disconnect}) are handled as that event, as in Channels, where the
 * protocol handlers are ordinary type handlers: a group can feed text to an echo consumer.
 */
final class ProtocolMessages {
    private ProtocolMessages() {
    }

    /** The event of the consumer's {@code protocol} ({@code "websocket."} or {@code "http."}) that {@code message} stands for, or {@code message} itself. */
    static Event asEvent(Message message, String protocol) {
        String type = message.type();
        if (type == null || !type.startsWith(protocol)) {
            return message;
        }
        switch (type) {
            case "websocket.receive":
                Object text = message.get("text");
                Object bytes = message.get("bytes");
                if (text instanceof String string) {
                    return Event.WebsocketReceive.text(string);
                }
                return bytes instanceof byte[] data ? Event.WebsocketReceive.bytes(data) : message;
            case "websocket.disconnect":
                Object code = message.get("code");
                return new Event.WebsocketDisconnect(code instanceof Number number ? number.intValue() : CloseCodes.NORMAL,
                        String.valueOf(message.get("reason") == null ? "" : message.get("reason")));
            case "http.request":
                Object body = message.get("body");
                byte[] content = body instanceof byte[] data ? data
                        : body instanceof String string ? string.getBytes(StandardCharsets.UTF_8) : new byte[0];
                return new Event.HttpRequest(content, Boolean.TRUE.equals(message.get("more_body")));
            case "http.disconnect":
                return new Event.HttpDisconnect();
            default:
                return message;
        }
    }
}
