package io.channels4j.server.undertow;

import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One WebSocket from handshake to close: turns the application's events into a 101 or a refusal, frames
 * and close frames, and the socket's frames into events. Every outbound event of a connection goes
 * through {@link #send}, in order.
 */
final class WebsocketConnection implements Sender {
    private static final Logger log = LoggerFactory.getLogger(WebsocketConnection.class);
    // counters and flags on field updaters rather than atomic objects: every open connection keeps them
    private static final AtomicIntegerFieldUpdater<WebsocketConnection> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(WebsocketConnection.class, "answered");
    private static final AtomicIntegerFieldUpdater<WebsocketConnection> DISCONNECTED =
            AtomicIntegerFieldUpdater.newUpdater(WebsocketConnection.class, "disconnected");
    private static final AtomicIntegerFieldUpdater<WebsocketConnection> QUEUED_ON_IO =
            AtomicIntegerFieldUpdater.newUpdater(WebsocketConnection.class, "queuedOnIo");

    private final Scope scope;
    private final ServerContext context;
    private volatile int answered;
    private volatile int disconnected;
    private volatile int queuedOnIo; // writes of this connection waiting in its IO thread's outbox
    private volatile IoOutboxes.Outbox outbox;
    private ArrayDeque<Event> pending; // guarded by this; events accepted before the upgrade completed
    private HttpServerExchange exchange;
    private ApplicationInstance instance;
    private XnioExecutor.Key handshakeTimer;
    private volatile WebSocketChannel channel;
    private boolean flushing;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";
    private volatile long lastInbound = System.nanoTime();
    private volatile long pingSentAt;
    private volatile long lastMessage = System.nanoTime();
    private volatile boolean overflowed;
    private volatile boolean closeWritten; // no data frame may follow a close frame
    private volatile boolean receivesPaused; // the application's latest word on backpressure
    private volatile boolean upgraded; // the 101 went out: the close is logged and counted
    private final OutboundBuffer outbound;

    WebsocketConnection(Scope scope, ServerContext context) {
        this.scope = scope;
        this.context = context;
        this.outbound = new OutboundBuffer(context.settings().maxOutboundBytes(), context.settings().maxOutboundFrames());
    }

    /** Runs on the IO thread: asks the application, and keeps the exchange open until it answers. */
    void start(HttpServerExchange exchange) {
        this.exchange = exchange;
        exchange.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE, () -> { });
        instance = context.application().open(scope, this);
        context.registry().upgrading(this);
        // a client that resets before the upgrade completes never gets a WebSocket channel, so no close task would run
        exchange.getConnection().addCloseListener(connection -> {
            if (channel == null) {
                deliverDisconnect(CloseCodes.ABNORMAL, "");
            }
        });
        long timeout = context.settings().handshakeTimeout().toMillis();
        handshakeTimer = exchange.getIoThread().executeAfter(this::handshakeTimedOut, timeout, TimeUnit.MILLISECONDS);
        instance.receive(Event.WebsocketConnect.INSTANCE);
    }

    Scope scope() {
        return scope;
    }

    ApplicationInstance instance() {
        return instance;
    }

    @Override
    public void send(Event event) {
        if (event instanceof Event.WebsocketAccept) {
            if (ANSWERED.compareAndSet(this, 0, 1)) {
                Event.WebsocketAccept accept = (Event.WebsocketAccept) event;
                exchange.getIoThread().execute(() -> completeHandshake(accept));
            }
        } else if (answered == 0 && event instanceof Event.WebsocketClose) {
            refuse(403, "");
        } else if (answered == 0 && event instanceof Event.WebsocketReject) {
            Event.WebsocketReject reject = (Event.WebsocketReject) event;
            refuse(reject.status(), reject.body());
        } else if (event instanceof Event.WebsocketSend || event instanceof Event.WebsocketClose) {
            outbound(event);
        } else if (event instanceof Event.WebsocketPause || event instanceof Event.WebsocketResume) {
            receivesPaused = event instanceof Event.WebsocketPause;
            WebSocketChannel open = channel;
            if (open != null && open.getIoThread() == Thread.currentThread()) {
                applyReceiveFlow(open); // at once: later, Undertow would first hand over every frame left in its read buffer
            } else if (open != null) {
                open.getIoThread().execute(() -> applyReceiveFlow(open));
            }
        }
    }

    // on the IO thread; applies the latest state rather than each event, so a resume that overtook its pause does no harm
    private void applyReceiveFlow(WebSocketChannel open) {
        if (!open.isOpen()) {
            return;
        }
        if (receivesPaused) {
            open.suspendReceives();
        } else {
            open.resumeReceives();
        }
    }

    private void outbound(Event event) {
        WebSocketChannel open;
        synchronized (this) {
            if (channel == null || flushing) {
                if (pending == null) {
                    pending = new ArrayDeque<>(4);
                }
                pending.add(event); // accepted but not upgraded yet: keep order until the channel exists
                return;
            }
            open = channel;
        }
        write(open, event);
    }

    private void write(WebSocketChannel open, Event event) {
        if (closeWritten) {
            return; // the application closed, or its consumer was closed for falling behind: later frames have nowhere to go
        }
        if (event instanceof Event.WebsocketSend) {
            send(open, (Event.WebsocketSend) event);
        } else {
            closeWritten = true;
            Event.WebsocketClose close = (Event.WebsocketClose) event;
            closeCode = close.code();
            closeReason = close.reason();
            onIoThread(open, () -> WebSockets.sendClose(close.code(), close.reason(), open, null));
        }
    }

    private void send(WebSocketChannel open, Event.WebsocketSend send) {
        if (overflowed) {
            return;
        }
        byte[] payload = send.payload();
        switch (outbound.offer(send, payload.length)) {
            case SEND -> transmit(open, send, payload);
            case DROP -> context.metrics().dropped();
            case CONFLATED -> context.metrics().conflated();
            case OVERFLOW -> slowClient(open);
        }
    }

    private void transmit(WebSocketChannel open, Event.WebsocketSend send, byte[] payload) {
        Written written = new Written(open, send.isText(), payload);
        if (mayWriteNow(open)) {
            written.write();
        } else {
            queue(written);
        }
        context.metrics().sent(payload.length);
    }

    /**
     * Runs an Undertow write on the socket's IO thread, after this connection's writes queued before it: at once
     * when already there with nothing queued (an inline echo), else through the IO thread's outbox, so a group
     * message costs each IO thread one wake-up instead of one task per member.
     */
    private void onIoThread(WebSocketChannel open, Runnable write) {
        if (mayWriteNow(open)) {
            write.run();
        } else {
            queue(() -> {
                try {
                    write.run();
                } finally {
                    QUEUED_ON_IO.decrementAndGet(this);
                }
            });
        }
    }

    // on the socket's IO thread with nothing of this connection queued ahead: writing now keeps the order
    private boolean mayWriteNow(WebSocketChannel open) {
        return queuedOnIo == 0 && open.getIoThread() == Thread.currentThread();
    }

    // the write must lower queuedOnIo once done
    private void queue(Runnable write) {
        QUEUED_ON_IO.incrementAndGet(this);
        outbox.add(write);
    }

    // a reliable message that does not fit: the client cannot keep up, and nothing may be dropped silently
    private void slowClient(WebSocketChannel open) {
        overflowed = true;
        closeCode = CloseCodes.POLICY_VIOLATION;
        closeReason = "client too slow: outbound buffer full";
        context.metrics().slowClientClosed();
        log.warn("Closing slow WebSocket client on {} ({}): {} bytes in {} frames wait to be sent", scope.path(),
                scope.client(), outbound.bytes(), outbound.frames());
        int code = closeCode;
        String reason = closeReason;
        onIoThread(open, () -> {
            WebSockets.sendClose(code, reason, open, null);
            open.getIoThread().executeAfter(() -> IoUtils.safeClose(open), 1, TimeUnit.SECONDS);
        });
    }

    /** One frame on its way: written on the IO thread, then releases its room and lets conflated messages use it. */
    private final class Written implements WebSocketCallback<Void>, Runnable {
        private final WebSocketChannel open;
        private final boolean text;
        private final byte[] payload;

        Written(WebSocketChannel open, boolean text, byte[] payload) {
            this.open = open;
            this.text = text;
            this.payload = payload;
        }

        void write() {
            if (disconnected != 0 || !open.isOpen()) {
                // the client has gone: Undertow would build an exception with a stack trace for every frame
                // still queued to it (seen in allocation profiles when a room's members leave mid-broadcast)
                outbound.release(payload.length);
                return;
            }
            if (text) {
                WebSockets.sendText(ByteBuffer.wrap(payload), open, this);
            } else {
                WebSockets.sendBinary(ByteBuffer.wrap(payload), open, this);
            }
        }

        @Override
        public void run() { // from the outbox
            try {
                write();
            } finally {
                QUEUED_ON_IO.decrementAndGet(WebsocketConnection.this);
            }
        }

        @Override
        public void complete(WebSocketChannel ws, Void context) {
            outbound.release(payload.length);
            drainConflated(ws);
        }

        @Override
        public void onError(WebSocketChannel ws, Void context, Throwable error) {
            outbound.release(payload.length);
        }
    }

    private void drainConflated(WebSocketChannel ws) {
        Event.WebsocketSend next;
        while (!overflowed && (next = outbound.nextConflated()) != null) {
            transmit(ws, next, next.payload());
        }
    }

    long outboundBytes() {
        return outbound.bytes();
    }

    void refuse(int status, String body) {
        if (ANSWERED.compareAndSet(this, 0, 1)) {
            exchange.getIoThread().execute(() -> {
                cancelTimer();
                context.registry().handshakeDone();
                Connectors.executeRootHandler(ex -> {
                    ex.setStatusCode(status);
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    ex.getResponseSender().send(body == null ? "" : body);
                }, exchange);
                context.accessLog().websocket(scope, "WSREJECT", status);
                context.metrics().rejected(status, status == 503 ? "handshake timeout" : "application");
                deliverDisconnect(CloseCodes.ABNORMAL, "");
            });
        }
    }

    private void handshakeTimedOut() {
        if (answered == 0) {
            log.warn("{} did not answer the WebSocket handshake on {} within {} ms: call accept() or close() in connect() "
                    + "(or reject(status, body)); answered 503", handler(), scope.path(), context.settings().handshakeTimeout().toMillis());
            refuse(503, "The application did not answer in time.");
        }
    }

    // a consumer's instance names its class; a bare lambda's generated name would only confuse
    private String handler() {
        String name = String.valueOf(instance);
        return name.contains("$$Lambda") ? "The application" : name;
    }

    private void completeHandshake(Event.WebsocketAccept accept) {
        cancelTimer();
        Set<String> chosen = accept.subprotocol() == null ? Set.of() : Set.of(accept.subprotocol());
        Hybi13Handshake handshake = new Hybi13Handshake(chosen, false);
        try {
            Connectors.executeRootHandler(ex -> {
                AsyncWebSocketHttpServerExchange facade = new AsyncWebSocketHttpServerExchange(ex, context.registry().peers());
                accept.headers().asMap().forEach((name, values) -> ex.getResponseHeaders().putAll(new HttpString(name), values));
                ex.upgradeChannel((connection, upgraded) -> opened(handshake.createChannel(facade, connection, facade.getBufferPool())));
                handshake.handshake(facade);
            }, exchange);
        } finally {
            context.registry().handshakeDone();
        }
    }

    private void opened(WebSocketChannel ws) {
        if (disconnected != 0 || !ws.isOpen()) { // the client left while the 101 was on its way
            IoUtils.safeClose(ws);
            deliverDisconnect(CloseCodes.ABNORMAL, "");
            return;
        }
        outbox = context.outboxes().of(ws.getIoThread());
        upgraded = true;
        context.registry().add(this);
        context.accessLog().websocket(scope, "WSCONNECT", 101);
        context.metrics().opened();
        ws.getReceiveSetter().set(new Listener());
        ws.addCloseTask(closed -> deliverDisconnect(sentCloseCode(closed), closeReason));
        if (!ws.isOpen()) {
            deliverDisconnect(sentCloseCode(ws), closeReason); // closed before the task was added: it will never run
            return;
        }
        if (!receivesPaused) {
            ws.resumeReceives();
        }
        while (true) {
            Event next;
            synchronized (this) {
                if (channel == null) {
                    channel = ws;
                    flushing = true;
                }
                next = pending == null ? null : pending.poll();
                if (next == null) {
                    flushing = false;
                    pending = null;
                    return;
                }
            }
            write(ws, next);
        }
    }

    // Undertow answers protocol errors, invalid UTF-8 and oversized messages with its own close frame (1002, 1007,
    // 1009) and notes the code on the channel: that is what the client was told, not 1006
    private int sentCloseCode(WebSocketChannel ws) {
        int code = closeCode;
        return code == CloseCodes.ABNORMAL && ws.getCloseCode() > 0 ? ws.getCloseCode() : code;
    }

    private void deliverDisconnect(int code, String reason) {
        if (DISCONNECTED.compareAndSet(this, 0, 1)) {
            context.registry().remove(this);
            if (upgraded) {
                context.accessLog().websocket(scope, "WSDISCONNECT", code);
                context.metrics().closed(code);
            }
            instance.receive(new Event.WebsocketDisconnect(code, reason == null ? "" : reason));
        }
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.remove();
            handshakeTimer = null;
        }
    }

    /** Heartbeat: pings a connection idle for the interval, drops one silent past the timeout after a ping. */
    void heartbeat(long now, long intervalNanos, long timeoutNanos) {
        WebSocketChannel ws = channel;
        if (ws == null || !ws.isOpen()) {
            return;
        }
        long idle = context.settings().idleTimeout().toNanos();
        if (idle > 0 && now - lastMessage > idle) {
            log.debug("Closing WebSocket on {}: no message for {}", scope.path(), context.settings().idleTimeout());
            send(new Event.WebsocketClose(CloseCodes.GOING_AWAY, "idle timeout"));
            lastMessage = now; // one close is enough
            return;
        }
        long sent = pingSentAt;
        if (sent != 0 && now - sent > timeoutNanos) {
            log.debug("Closing WebSocket on {}: no answer to a ping within the timeout", scope.path());
            IoUtils.safeClose(ws);
        } else if (sent == 0 && now - lastInbound > intervalNanos) {
            pingSentAt = now;
            WebSockets.sendPing(ByteBuffer.allocate(0), ws, null);
        }
    }

    /** Server shutdown: close with 1012, service restart, so clients come back soon (the disconnect follows when the socket closes). */
    void goAway() {
        send(new Event.WebsocketClose(CloseCodes.SERVICE_RESTART, "server restarting"));
    }

    void forceClose() {
        WebSocketChannel ws = channel;
        if (ws != null) {
            IoUtils.safeClose(ws);
        }
    }

    private final class Listener extends AbstractReceiveListener {
        @Override
        protected long getMaxTextBufferSize() {
            return context.settings().maxMessageSize();
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            return context.settings().maxMessageSize();
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel ws, BufferedTextMessage message) {
            touched();
            lastMessage = lastInbound;
            String text = message.getData(); // getData() hands the text over once
            context.metrics().received(text.length());
            instance.receive(Event.WebsocketReceive.text(text));
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel ws, BufferedBinaryMessage message) {
            touched();
            var data = message.getData();
            try {
                ByteBuffer merged = WebSockets.mergeBuffers(data.getResource());
                byte[] bytes = new byte[merged.remaining()];
                merged.get(bytes);
                lastMessage = lastInbound;
                context.metrics().received(bytes.length);
                instance.receive(Event.WebsocketReceive.bytes(bytes));
            } finally {
                data.free();
            }
        }

        @Override
        protected void onFullPongMessage(WebSocketChannel ws, BufferedBinaryMessage message) {
            touched();
            message.getData().free();
        }

        @Override
        protected void onCloseMessage(CloseMessage message, WebSocketChannel ws) {
            closeCode = message.getCode();
            closeReason = message.getReason();
        }

        @Override
        protected void onError(WebSocketChannel ws, Throwable error) {
            log.debug("WebSocket on {} failed: {}", scope.path(), error.toString());
            if (error.getMessage() != null && error.getMessage().contains("too big")) {
                closeCode = CloseCodes.MESSAGE_TOO_BIG;
                closeReason = "message too big";
            }
            IoUtils.safeClose(ws);
        }

        private void touched() {
            lastInbound = System.nanoTime();
            pingSentAt = 0;
        }
    }
}
