package io.channels4j.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One application's handling of one connection: the server delivers the connection's events here, in
 * order, from its IO threads.
 *
 * <p>{@link #receive} must return quickly: work that may block belongs on the instance's own executor
 * (consumers do this for you). A WebSocket instance always gets exactly one
 * {@link Event.WebsocketDisconnect}, last, also when the handshake was refused.
 *
 * <p>{@code toString()} names what handles the connection (a consumer's class name), for the server's logs
 * and the communicators' assertions.
 */
@FunctionalInterface
public interface ApplicationInstance {
    /** Delivers one event; never blocks. */
    void receive(Event event);

    /** Completes once the instance has handled its last event and freed what it held. */
    default CompletionStage<Void> finished() {
        return CompletableFuture.completedFuture(null);
    }

    /** Interrupts a handler that is still running, for a server whose shutdown grace period has run out. */
    default void interrupt() {
    }
}
