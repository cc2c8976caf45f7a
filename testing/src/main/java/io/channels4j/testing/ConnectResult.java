package io.channels4j.testing;

/**
 * How a WebSocket handshake ended in a {@link WebsocketCommunicator}; Channels' {@code (accepted, subprotocol_or_code)}.
 *
 * @param accepted whether the application accepted
 * @param subprotocol the accepted subprotocol, or null
 * @param closeCode for a refusal by close, its code (1000 when none was given); 0 otherwise
 * @param status the HTTP status a server would answer: 101 on accept, 403 on close before accept, or the rejection's status
 */
public record ConnectResult(boolean accepted, String subprotocol, int closeCode, int status) {
}
