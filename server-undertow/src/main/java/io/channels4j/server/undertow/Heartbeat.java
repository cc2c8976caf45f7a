package io.channels4j.server.undertow;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/** A WebSocket's liveness: pings it when idle, drops it when a ping goes unanswered, closes it after the idle timeout. */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final WebsocketConnection connection;
    private final ServerSettings settings;
    private volatile long lastInbound = System.nanoTime();
    private volatile long pingSentAt;
    private volatile long lastMessage = System.nanoTime();

    Heartbeat(WebsocketConnection connection, ServerSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** Any frame arrived: the client is alive. */
    void inbound() {
        lastInbound = System.nanoTime();
        pingSentAt = 0;
    }

    /** A whole message arrived: the client is alive and not idle. */
    void message() {
        inbound();
        lastMessage = lastInbound;
    }

    void check(long now, long intervalNanos, long timeoutNanos) {
        WebSocketChannel ws = connection.channel();
        if (ws == null || !ws.isOpen()) {
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        if (idle > 0 && now - lastMessage > idle) {
            log.debug("Closing WebSocket on {}: no message for {}", connection.scope().path(), settings.idleTimeout());
            connection.send(new Event.WebsocketClose(CloseCodes.GOING_AWAY, "idle timeout"));
            lastMessage = now; // one close is enough
            return;
        }
        long sent = pingSentAt;
        if (sent != 0 && now - sent > timeoutNanos) {
            log.debug("Closing WebSocket on {}: no answer to a ping within the timeout", connection.scope().path());
            IoUtils.safeClose(ws);
        } else if (sent == 0 && now - lastInbound > intervalNanos) {
            pingSentAt = now;
            WebSockets.sendPing(ByteBuffer.allocate(0), ws, null);
        }
    }
}
