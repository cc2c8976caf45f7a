package io.channels4j.core;

import java.nio.charset.StandardCharsets;

/**
 * The contract between a server and everything above it, as Channels' ASGI callable: routers,
 * middleware and consumers are all applications.
 *
 * <p>For each connection the server calls {@link #open} once with the connection's {@link Scope} and a
 * {@link Sender} for the application's answers, then delivers the connection's events to the returned
 * instance. {@code open} runs on a server IO thread and must not block.
 * <pre>
 * Application app = ProtocolTypeRouter.builder()
 *         .websocket(URLRouter.of(path("ws/echo/", consumers.of(EchoConsumer.class))))
 *         .build();
 * </pre>
 */
@FunctionalInterface
public interface Application {
    /**
     * Starts handling one connection.
     *
     * @param scope what the server knows about the connection
     * @param sender where the application's events go; thread-safe and never blocking
     * @return the instance that receives the connection's events
     */
    ApplicationInstance open(Scope scope, Sender sender);

    /**
     * An application that refuses every connection with {@code status}: a WebSocket handshake gets that
     * HTTP status, an HTTP request gets it with {@code body} as plain text. Routing uses it for 404.
     */
    static Application rejecting(int status, String body) {
        return new Application() {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                return event -> {
                    if (event instanceof Event.WebsocketConnect) {
                        sender.send(new Event.WebsocketReject(status, body));
                    } else if (event instanceof Event.HttpRequest request && !request.moreBody()) {
                        sender.send(new Event.HttpResponseStart(status, Headers.of("Content-Type", "text/plain; charset=utf-8")));
                        sender.send(new Event.HttpResponseBody(body.getBytes(StandardCharsets.UTF_8), false));
                    }
                };
            }

            @Override
            public String toString() {
                return "rejecting(" + status + ")";
            }
        };
    }
}
