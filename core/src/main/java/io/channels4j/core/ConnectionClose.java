package io.channels4j.core;

/**
 * A layer message that closes the WebSocket of every consumer it reaches, with its code and reason: send it to
 * a group to close a set of connections on every node, e.g. all sockets of a session that signed out.
 * <pre>
 * layer.groupSend(Auth.sessionGroup(sessionId), ConnectionClose.of(CloseCodes.UNAUTHORIZED, "signed out"));
 * </pre>
 */
public final class ConnectionClose {
    /** The message type {@link WebsocketConsumer} handles itself by closing. */
    public static final String TYPE = "connection.close";

    private ConnectionClose() {
    }

    /** The message that closes with {@code code} and {@code reason}. */
    public static Message of(int code, String reason) {
        return Message.of(TYPE, "code", code, "reason", reason);
    }
}
