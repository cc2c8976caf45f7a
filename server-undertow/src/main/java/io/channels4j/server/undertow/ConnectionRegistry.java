package io.channels4j.server.undertow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The server's open WebSockets and HTTP exchanges, for counts, heartbeats and shutdown. */
final class ConnectionRegistry {
    private final Set<WebsocketConnection> websockets = ConcurrentHashMap.newKeySet();
    // handed to the application and not upgraded yet: shutdown must reach these too
    private final Set<WebsocketConnection> upgrading = ConcurrentHashMap.newKeySet();
    private final Set<HttpConnection> exchanges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshaking = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();
    // Undertow's channels add and remove themselves here; the server's own bookkeeping is the set above
    private final Set<io.undertow.websockets.core.WebSocketChannel> peers = ConcurrentHashMap.newKeySet();

    Set<io.undertow.websockets.core.WebSocketChannel> peers() {
        return peers;
    }

    boolean reserveWebsocket(int max) {
        while (true) {
            int pending = handshaking.get();
            if (websockets.size() + pending >= max) {
                return false;
            }
            if (handshaking.compareAndSet(pending, pending + 1)) {
                return true;
            }
        }
    }

    /** Takes {@code bytes} more of request body into memory, unless that would pass {@code max}. */
    boolean reserveBodyBytes(long bytes, long max) {
        while (true) {
            long held = bodyBytes.get();
            if (held + bytes > max) {
                return false;
            }
            if (bodyBytes.compareAndSet(held, held + bytes)) {
                return true;
            }
        }
    }

    void releaseBodyBytes(long bytes) {
        bodyBytes.addAndGet(-bytes);
    }

    long bodyBytes() {
        return bodyBytes.get();
    }

    void handshakeDone() {
        handshaking.decrementAndGet();
    }

    void upgrading(WebsocketConnection connection) {
        upgrading.add(connection);
    }

    void add(WebsocketConnection connection) {
        websockets.add(connection);
        upgrading.remove(connection);
    }

    void remove(WebsocketConnection connection) {
        websockets.remove(connection);
        upgrading.remove(connection);
    }

    /** Every WebSocket connection the application knows of: open, or still in its handshake. */
    List<WebsocketConnection> allWebsockets() {
        List<WebsocketConnection> all = new ArrayList<>(websockets);
        all.addAll(upgrading);
        return all;
    }

    void add(HttpConnection connection) {
        exchanges.add(connection);
    }

    void remove(HttpConnection connection) {
        exchanges.remove(connection);
    }

    Set<WebsocketConnection> websockets() {
        return websockets;
    }

    Set<HttpConnection> exchanges() {
        return exchanges;
    }

    int open() {
        return websockets.size() + exchanges.size();
    }
}
