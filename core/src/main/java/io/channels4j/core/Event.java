package io.channels4j.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One event between a server and an application, named as in ASGI ({@code websocket.receive},
 * {@code http.response.start}, ...). Channel-layer messages are events too: see {@link Message}.
 *
 * <p>Events flow in two directions. The server delivers {@link WebsocketConnect}, {@link WebsocketReceive},
 * {@link WebsocketDisconnect}, {@link HttpRequest} and {@link HttpDisconnect} to an
 * {@link ApplicationInstance}; the application answers through its {@link Sender} with
 * {@link WebsocketAccept}, {@link WebsocketSend}, {@link WebsocketClose}, {@link WebsocketReject},
 * {@link HttpResponseStart} and {@link HttpResponseBody}, and asks for backpressure on a client's frames with
 * {@link WebsocketPause} and {@link WebsocketResume}.
 */
public sealed interface Event permits Message,
        Event.WebsocketConnect,
        Event.WebsocketReceive,
        Event.WebsocketDisconnect,
        Event.WebsocketAccept,
        Event.WebsocketSend,
        Event.WebsocketClose,
        Event.WebsocketReject,
        Event.WebsocketPause,
        Event.WebsocketResume,
        Event.HttpRequest,
        Event.HttpDisconnect,
        Event.HttpResponseStart,
        Event.HttpResponseBody,
        Event.WorkerStop {
    /** The ASGI type name, e.g. {@code websocket.receive}. */
    String type();

    /** The client asks to open a WebSocket; the application answers accept, close or reject. */
    record WebsocketConnect() implements Event {
        /** The one instance there needs to be. */
        public static final WebsocketConnect INSTANCE = new WebsocketConnect();

        @Override
        public String type() {
            return "websocket.connect";
        }
    }

    /**
     * A complete message from the client: exactly one of {@code text} and {@code bytes} is set.
     *
     * @param text the text frame's content, or null for a binary message
     * @param bytes the binary frame's content, or null for a text message
     */
    record WebsocketReceive(String text, byte[] bytes) implements Event {
        /** A text message. */
        public static WebsocketReceive text(String text) {
            return new WebsocketReceive(Objects.requireNonNull(text, "text"), null);
        }

        /** A binary message. */
        public static WebsocketReceive bytes(byte[] bytes) {
            return new WebsocketReceive(null, Objects.requireNonNull(bytes, "bytes"));
        }

        @Override
        public String type() {
            return "websocket.receive";
        }
    }

    /**
     * The WebSocket is gone: closed by either side, dropped, refused at the handshake, or the server is
     * stopping. Servers deliver exactly one per connection, last.
     *
     * @param code the close code (1006 when the connection dropped without a close frame)
     * @param reason the close reason, possibly empty
     */
    record WebsocketDisconnect(int code, String reason) implements Event {
        @Override
        public String type() {
            return "websocket.disconnect";
        }
    }

    /**
     * Accept the handshake (HTTP 101).
     *
     * @param subprotocol the chosen subprotocol, one the client offered, or null
     * @param headers extra response headers
     */
    record WebsocketAccept(String subprotocol, Headers headers) implements Event {
        @Override
        public String type() {
            return "websocket.accept";
        }
    }

    /**
     * Send one message to the client: binary {@code bytes}, or text given as {@code text} or {@code utf8}.
     *
     * @param text text content, or null
     * @param bytes binary content, or null
     * @param utf8 the text already encoded as UTF-8, shared by every member of a group send, or null
     * @param delivery what may happen to the message when the client cannot keep up
     */
    record WebsocketSend(String text, byte[] bytes, byte[] utf8, Delivery delivery) implements Event {
        /** A message with the default, reliable delivery. */
        public WebsocketSend(String text, byte[] bytes) {
            this(text, bytes, null, Delivery.RELIABLE);
        }

        /** A text message. */
        public static WebsocketSend text(String text) {
            return new WebsocketSend(Objects.requireNonNull(text, "text"), null);
        }

        /** A binary message. */
        public static WebsocketSend bytes(byte[] bytes) {
            return new WebsocketSend(null, Objects.requireNonNull(bytes, "bytes"));
        }

        /** A text message already encoded as UTF-8, e.g. a group message's shared JSON. */
        public static WebsocketSend utf8(byte[] utf8) {
            return new WebsocketSend(null, null, Objects.requireNonNull(utf8, "utf8"), Delivery.RELIABLE);
        }

        /** Whether this is a text message (given as a string or as UTF-8). */
        public boolean isText() {
            return bytes == null;
        }

        /** The text, decoded from {@code utf8} when it was given encoded; null for binary messages. */
        @Override
        public String text() {
            return text != null ? text : utf8 != null ? new String(utf8, StandardCharsets.UTF_8) : null;
        }

        /** The same message with another delivery. */
        public WebsocketSend with(Delivery delivery) {
            return new WebsocketSend(text, bytes, utf8, Objects.requireNonNull(delivery, "delivery"));
        }

        /** The payload as it goes on the wire: the binary content, or the text as UTF-8 (encoded once). */
        public byte[] payload() {
            if (bytes != null) {
                return bytes;
            }
            return utf8 != null ? utf8 : text.getBytes(StandardCharsets.UTF_8);
        }

        /** The payload size in bytes (text counted as UTF-8). */
        public int size() {
            return payload().length;
        }

        @Override
        public String type() {
            return "websocket.send";
        }
    }

    /**
     * Close the WebSocket. Before accept it refuses the handshake with HTTP 403, as Channels does; use
     * {@link WebsocketReject} to choose another status. After accept the code and reason reach the client.
     *
     * @param code the close code, e.g. 1000
     * @param reason a short phrase, at most 123 UTF-8 bytes on the wire
     */
    record WebsocketClose(int code, String reason) implements Event {
        @Override
        public String type() {
            return "websocket.close";
        }
    }

    /**
     * Refuse the handshake with an HTTP status and a short text body (ASGI's websocket.http.response).
     *
     * @param status the HTTP status, e.g. 403, 404, 500 or 503
     * @param body a short plain-text explanation, possibly empty
     */
    record WebsocketReject(int status, String body) implements Event {
        @Override
        public String type() {
            return "websocket.http.response";
        }
    }

    /**
     * Stop reading the client's frames for now: the consumer has as many unhandled client messages as it
     * takes. The server stops reading the socket, so TCP slows the client down instead of the messages
     * piling up in memory; {@link WebsocketResume} follows once the consumer has caught up.
     */
    record WebsocketPause() implements Event {
        /** The one instance there needs to be. */
        public static final WebsocketPause INSTANCE = new WebsocketPause();

        @Override
        public String type() {
            return "websocket.pause";
        }
    }

    /** Read the client's frames again, after a {@link WebsocketPause}. */
    record WebsocketResume() implements Event {
        /** The one instance there needs to be. */
        public static final WebsocketResume INSTANCE = new WebsocketResume();

        @Override
        public String type() {
            return "websocket.resume";
        }
    }

    /**
     * A chunk of the HTTP request body; the last has {@code moreBody} false.
     *
     * @param body the chunk
     * @param moreBody whether more chunks follow
     */
    record HttpRequest(byte[] body, boolean moreBody) implements Event {
        @Override
        public String type() {
            return "http.request";
        }
    }

    /** The HTTP client went away before the response was complete. */
    record HttpDisconnect() implements Event {
        @Override
        public String type() {
            return "http.disconnect";
        }
    }

    /**
     * Start the HTTP response.
     *
     * @param status the status code
     * @param headers the response headers
     */
    record HttpResponseStart(int status, Headers headers) implements Event {
        @Override
        public String type() {
            return "http.response.start";
        }
    }

    /**
     * A chunk of the response body; the last has {@code moreBody} false.
     *
     * @param body the chunk
     * @param moreBody whether more chunks follow (a stream such as server-sent events)
     */
    record HttpResponseBody(byte[] body, boolean moreBody) implements Event {
        @Override
        public String type() {
            return "http.response.body";
        }
    }

    /** The worker feeding a {@code channel} scope is stopping: the consumer's {@code disconnect()} runs, then it ends. */
    record WorkerStop() implements Event {
        /** The one instance there needs to be. */
        public static final WorkerStop INSTANCE = new WorkerStop();

        @Override
        public String type() {
            return "worker.stop";
        }
    }
}
