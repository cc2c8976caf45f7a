package io.channels4j.server.undertow;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The server's open WebSockets and HTTP exchanges, for counts, heartbeats and shutdown. */
final class ConnectionRegistry {
    private final Set<WebsocketConnection> websockets = ConcurrentHashMap.newKeySet();
    private final Set<HttpConnection> exchanges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshaking = new AtomicInteger();
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

    void handshakeDone() {
        handshaking.decrementAndGet();
    }

    void add(WebsocketConnection connection) {
        websockets.add(connection);
    }

    void remove(WebsocketConnection connection) {
        websockets.remove(connection);
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
