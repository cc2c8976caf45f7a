package io.channels4j.core;

/** Where an application instance sends its events to the server (ASGI's {@code send}). */
@FunctionalInterface
public interface Sender {
    /** Sends one event; thread-safe, never blocks. */
    void send(Event event);
}
