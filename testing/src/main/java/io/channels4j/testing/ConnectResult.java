package io.channels4j.testing;

/**
 * How a WebSocket handshake ended in a {@link WebsocketCommunicator}; Channels' {@code (accepted, subprotocol_or_code)}.
 * Its {@code toString()} reads as a sentence, e.g. {@code refused with HTTP 404: No route found for path 'ws/chat'. ...},
 * so {@code assertTrue(result.accepted(), result::toString)} says why a handshake failed.
 *
 * @param accepted whether the application accepted
 * @param subprotocol the accepted subprotocol, or null
 * @param closeCode for a refusal by close, its code (1000 when none was given); 0 otherwise
 * @param status the HTTP status a server would answer: 101 on accept, 403 on close before accept, or the rejection's status
 *               (404 when no route matched)
 * @param reason the close reason or the rejection's body ({@code "No route found for path ..."}); empty when accepted
 */
public record ConnectResult(boolean accepted, String subprotocol, int closeCode, int status, String reason) {
    @Override
    public String toString() {
        if (accepted) {
            return "accepted" + (subprotocol == null ? "" : " with subprotocol '" + subprotocol + "'");
        }
        String why = reason == null || reason.isEmpty() ? "" : ": " + reason;
        if (closeCode != 0) {
            return "refused with HTTP " + status + " (closed with " + closeCode + " before accept)" + why;
        }
        return "refused with HTTP " + status + why;
    }
}
