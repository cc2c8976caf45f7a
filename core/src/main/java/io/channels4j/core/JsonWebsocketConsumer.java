package io.channels4j.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A WebSocket consumer that speaks JSON, as Channels' {@code JsonWebsocketConsumer}: text frames arrive
 * parsed at {@link #receiveJson(JsonNode)}, and {@link #sendJson(Object)} writes any Jackson-writable value.
 *
 * <p>Unlike Channels, where invalid JSON kills the consumer, a frame that is not JSON (or a binary frame)
 * goes to {@link #invalidJson(String)}, which by default answers {@code {"error": "..."}} and keeps the
 * socket open.
 */
public abstract class JsonWebsocketConsumer extends WebsocketConsumer {
    /** Creates the consumer. */
    protected JsonWebsocketConsumer() {
    }

    @Override
    protected final void receive(String text) throws Exception {
        JsonNode content;
        try {
            content = Json.read(text);
        } catch (JsonProcessingException e) {
            invalidJson("invalid JSON: " + e.getOriginalMessage());
            return;
        }
        receiveJson(content);
    }

    @Override
    protected final void receiveBytes(byte[] bytes) throws Exception {
        invalidJson("expected a JSON text frame, got a binary frame");
    }

    /** One JSON message from the client; ignored by default. */
    protected void receiveJson(JsonNode content) throws Exception {
    }

    /** A frame that could not be read as JSON; answers {@code {"error": reason}} by default. */
    protected void invalidJson(String reason) throws Exception {
        sendJson(Map.of("error", reason));
    }

    /**
     * Sends {@code content} (a map, a {@link Message}, a record, a JsonNode, ...) as a JSON text frame. A
     * {@link Message} is encoded once however many consumers send it, so a group broadcast costs one encoding.
     */
    protected final void sendJson(Object content) {
        sendJson(content, Delivery.RELIABLE);
    }

    /** Sends {@code content} as JSON with a {@link Delivery} other than reliable. */
    protected final void sendJson(Object content, Delivery delivery) {
        if (content instanceof Message message) {
            sendEncoded(Event.WebsocketSend.utf8(message.jsonUtf8()).with(delivery));
        } else {
            send(Json.write(content), delivery);
        }
    }

    /**
     * Reads {@code content} as {@code type}, for consumers that prefer typed payloads.
     *
     * @throws IllegalArgumentException when the content does not fit the type, with Jackson's reason
     */
    protected final <T> T payload(JsonNode content, Class<T> type) {
        try {
            return Json.mapper().treeToValue(content, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read message as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
