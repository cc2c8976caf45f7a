package io.channels4j.core;

/** WebSocket close codes that channels4j sends, from RFC 6455 and the 4000 range it leaves to applications. */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The server is going away (shutdown). */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** The connection dropped without a close frame; never sent on the wire. */
    public static final int ABNORMAL = 1006;
    /** A text frame was not valid UTF-8, or a message could not be read. */
    public static final int INVALID_PAYLOAD = 1007;
    /** The peer violated a policy, e.g. it could not keep up with its outbound buffer. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message was larger than the server accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The application failed while handling the connection. */
    public static final int INTERNAL_ERROR = 1011;
    /** The server is restarting (shutdown): clients should reconnect soon. */
    public static final int SERVICE_RESTART = 1012;
    /** Try again later: the server is overloaded. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The connection's credentials expired or were revoked. */
    public static final int UNAUTHORIZED = 4401;
    /** The connection is not allowed. */
    public static final int FORBIDDEN = 4403;

    private CloseCodes() {
    }
}
