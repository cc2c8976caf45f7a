package io.channels4j.server.undertow;

import io.channels4j.core.Application;
import io.channels4j.core.HandlerExecutor;
import io.channels4j.core.Scope;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * An Undertow {@link HttpHandler} that serves a channels4j {@link Application}: WebSocket upgrades and
 * plain HTTP on the same path. Mount it in an existing Undertow chain, or let {@link UndertowServer}
 * build the server.
 * <pre>
 * HttpHandler handler = Handlers.path().addPrefixPath("/live", new ChannelsHandler(app, ServerSettings.DEFAULTS));
 * </pre>
 */
public final class ChannelsHandler implements HttpHandler {
    private final ServerContext context;
    private final HandshakeRateLimiter handshakeLimit;
    private volatile boolean draining;

    /** A handler serving {@code application} with {@code settings}, its meters in a registry of its own. */
    public ChannelsHandler(Application application, ServerSettings settings) {
        this(application, settings, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** A handler serving {@code application} with {@code settings}, registering its meters in {@code meters}. */
    public ChannelsHandler(Application application, ServerSettings settings, io.micrometer.core.instrument.MeterRegistry meters) {
        this(context(application, settings, meters, null, null));
    }

    static ServerContext context(Application application, ServerSettings settings, io.micrometer.core.instrument.MeterRegistry meters,
                                 Consumer<String> accessLogLines, HandlerExecutor handlers) {
        ConnectionRegistry registry = new ConnectionRegistry();
        ServerMetrics metrics = new ServerMetrics(meters, registry);
        IoOutboxes outboxes = new IoOutboxes();
        metrics.outboxes(outboxes);
        return new ServerContext(application, settings, registry, new AccessLog(settings.accessLog(), accessLogLines), new ScopeFactory(settings, handlers),
                metrics, outboxes, new MessageCompressor(settings, metrics));
    }

    ChannelsHandler(ServerContext context) {
        this.context = context;
        this.handshakeLimit = HandshakeRateLimiter.of(context.settings());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (draining) {
            exchange.setStatusCode(503);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            exchange.getResponseSender().send("The server is shutting down.");
            return;
        }
        if (!isUpgrade(exchange)) {
            new HttpConnection(context.scopes().create(exchange, Scope.Type.HTTP), context).start(exchange);
            return;
        }
        HandshakeProblem problem = handshakeProblem(exchange);
        if (problem != null) {
            if (problem.status() == 426) {
                exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, "13");
            }
            exchange.setStatusCode(problem.status());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(problem.message());
            context.accessLog().websocket(context.scopes().create(exchange, Scope.Type.WEBSOCKET), "WSREJECT", problem.status());
            context.metrics().rejected(problem.status(), "malformed handshake");
            return;
        }
        Scope scope = context.scopes().create(exchange, Scope.Type.WEBSOCKET);
        long waitNanos = handshakeLimit.nanosToWait(scope.client());
        if (waitNanos > 0) {
            exchange.setStatusCode(429);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, HandshakeRateLimiter.retryAfterSeconds(waitNanos));
            exchange.getResponseSender().send("Too many WebSocket handshakes from your address; retry after the Retry-After seconds.");
            context.accessLog().websocket(scope, "WSREJECT", 429);
            context.metrics().rejected(429, "rate limited");
            return;
        }
        if (!context.registry().reserveWebsocket(context.settings().maxConnections())) {
            exchange.setStatusCode(503);
            exchange.getResponseSender().send("Too many connections; try again later.");
            context.accessLog().websocket(scope, "WSREJECT", 503);
            context.metrics().rejected(503, "too many connections");
            return;
        }
        new WebsocketConnection(scope, context).start(exchange);
    }

    /** The server's open WebSockets and in-flight HTTP requests. */
    public int openConnections() {
        return context.registry().open();
    }

    /** From now on every request gets 503: the server is draining for shutdown. */
    void refuseNewConnections() {
        draining = true;
    }

    ServerContext context() {
        return context;
    }

    private static boolean isUpgrade(HttpServerExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.toLowerCase().contains("websocket");
    }

    // checked before the application sees the handshake, so a broken client costs it nothing
    private static HandshakeProblem handshakeProblem(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            return HandshakeProblem.malformed("A WebSocket handshake must be a GET request.");
        }
        String connection = exchange.getRequestHeaders().getFirst(Headers.CONNECTION);
        if (connection == null || !connection.toLowerCase().contains("upgrade")) {
            return HandshakeProblem.malformed("A WebSocket handshake needs 'Connection: Upgrade'.");
        }
        String version = exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_VERSION);
        if (!"13".equals(version)) {
            return new HandshakeProblem(426, "Unsupported Sec-WebSocket-Version '" + version + "': use 13.");
        }
        String key = exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_KEY);
        if (key == null) {
            return HandshakeProblem.malformed("A WebSocket handshake needs a Sec-WebSocket-Key header.");
        }
        try {
            if (Base64.getDecoder().decode(key.trim()).length != 16) {
                return HandshakeProblem.malformed("Sec-WebSocket-Key must be 16 bytes in base64.");
            }
        } catch (IllegalArgumentException e) {
            return HandshakeProblem.malformed("Sec-WebSocket-Key must be 16 bytes in base64.");
        }
        return null;
    }

    /** What is wrong with a handshake request, and the status that says so (426 asks for another version). */
    private record HandshakeProblem(int status, String message) {
        static HandshakeProblem malformed(String message) {
            return new HandshakeProblem(400, message);
        }
    }
}
