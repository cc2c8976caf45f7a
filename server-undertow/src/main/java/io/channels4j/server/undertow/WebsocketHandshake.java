package io.channels4j.server.undertow;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;

/**
 * A WebSocket's handshake: holds the exchange open until the application accepts (101) or refuses, answers 503 when
 * it takes too long, and keeps the events the application sends before the upgrade completes, in order.
 */
final class WebsocketHandshake {
    private static final Logger log = LoggerFactory.getLogger(WebsocketHandshake.class);
    private static final AtomicIntegerFieldUpdater<WebsocketHandshake> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(WebsocketHandshake.class, "answered");

    /** Why a handshake was refused, as the metrics tag it. */
    enum Refusal {
        APPLICATION("application"), HANDSHAKE_TIMEOUT("handshake timeout");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    private final WebsocketConnection connection;
    private final ServerContext context;
    private volatile int answered;
    private HttpServerExchange exchange;
    private XnioExecutor.Key timer;
    private volatile WebSocketChannel channel;
    private ArrayDeque<Event> held; // guarded by this; events accepted before the upgrade completed
    private boolean releasing; // guarded by this

    WebsocketHandshake(WebsocketConnection connection, ServerContext context) {
        this.connection = connection;
        this.context = context;
    }

    /** On the IO thread: keeps the exchange open past the handler's return. */
    void hold(HttpServerExchange exchange) {
        this.exchange = exchange;
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
    }

    /** Once the application instance exists: notices a client that leaves early, and starts the answer timer. */
    void watch() {
        // a client that resets before the upgrade completes never gets a WebSocket channel, so no close task would run
        exchange.getConnection().addCloseListener(closed -> {
            if (channel == null) {
                connection.disconnected(CloseCodes.ABNORMAL, "");
            }
        });
        long timeout = context.settings().handshakeTimeout().toMillis();
        timer = exchange.getIoThread().executeAfter(this::timedOut, timeout, TimeUnit.MILLISECONDS);
    }

    boolean answered() {
        return answered != 0;
    }

    void accept(Event.WebsocketAccept accept) {
        if (ANSWERED.compareAndSet(this, 0, 1)) {
            exchange.getIoThread().execute(() -> upgrade(accept));
        }
    }

    void refuse(int status, String body, Refusal why) {
        if (ANSWERED.compareAndSet(this, 0, 1)) {
            exchange.getIoThread().execute(() -> {
                cancelTimer();
                context.registry().handshakeDone();
                Connectors.executeRootHandler(ex -> {
                    ex.setStatusCode(status);
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    ex.getResponseSender().send(body == null ? "" : body);
                }, exchange);
                context.accessLog().websocket(connection.scope(), "WSREJECT", status);
                context.metrics().rejected(status, why.tag());
                connection.disconnected(CloseCodes.ABNORMAL, "");
            });
        }
    }

    /**
     * The open channel to write an outbound event to now, or null when the event was held because the upgrade has not
     * completed (or held events are still being written ahead of it).
     */
    WebSocketChannel holdUntilUpgraded(Event event) {
        synchronized (this) {
            if (channel == null || releasing) {
                if (held == null) {
                    held = new ArrayDeque<>(4);
                }
                held.add(event);
                return null;
            }
            return channel;
        }
    }

    private void timedOut() {
        if (answered == 0) {
            log.warn("{} did not answer the WebSocket handshake on {} within {} ms: call accept() or close() in connect() "
                    + "(or reject(status, body)); answered 503", handler(), connection.scope().path(),
                    context.settings().handshakeTimeout().toMillis());
            refuse(503, "The application did not answer in time.", Refusal.HANDSHAKE_TIMEOUT);
        }
    }

    // a consumer's instance names its class; a bare lambda's generated name would only confuse
    private String handler() {
        String name = String.valueOf(connection.instance());
        return name.contains("$$Lambda") ? "The application" : name;
    }

    private void upgrade(Event.WebsocketAccept accept) {
        cancelTimer();
        Set<String> chosen = accept.subprotocol() == null ? Set.of() : Set.of(accept.subprotocol());
        Hybi13Handshake handshake = new Hybi13Handshake(chosen, false);
        if (context.settings().compression() != Compression.OFF) {
            handshake.addExtension(new DeflateHandshake()); // answered only when the client offers it
        }
        try {
            Connectors.executeRootHandler(ex -> {
                AsyncWebSocketHttpServerExchange facade = new AsyncWebSocketHttpServerExchange(ex, context.registry().peers());
                accept.headers().asMap().forEach((name, values) -> ex.getResponseHeaders().putAll(new HttpString(name), values));
                ex.upgradeChannel((conn, upgraded) -> opened(handshake.createChannel(facade, conn, facade.getBufferPool())));
                handshake.handshake(facade);
            }, exchange);
        } finally {
            context.registry().handshakeDone();
        }
    }

    private void opened(WebSocketChannel ws) {
        if (!connection.upgraded(ws)) {
            return;
        }
        while (true) {
            Event next;
            synchronized (this) {
                if (channel == null) {
                    channel = ws;
                    releasing = true;
                }
                next = held == null ? null : held.poll();
                if (next == null) {
                    releasing = false;
                    held = null;
                    return;
                }
            }
            connection.writeHeld(ws, next);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }
}
