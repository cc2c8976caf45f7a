package io.channels4j.server.undertow;

import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.core.WebSocketChannel;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.xnio.IoUtils;

/**
 * One WebSocket from handshake to close: routes the application's events to the {@link WebsocketHandshake} until the
 * upgrade, then to the {@link FrameWriter}, and delivers the one disconnect. Every outbound event goes through
 * {@link #send}, in order.
 */
final class WebsocketConnection implements Sender {
    private static final AtomicIntegerFieldUpdater<WebsocketConnection> DISCONNECTED =
            AtomicIntegerFieldUpdater.newUpdater(WebsocketConnection.class, "disconnected");

    private final Scope scope;
    private final ServerContext context;
    private final WebsocketHandshake handshake;
    private final FrameWriter writer;
    private final Heartbeat heartbeat;
    private ApplicationInstance instance;
    private volatile int disconnected;
    private volatile WebSocketChannel channel;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";
    private volatile boolean receivesPaused; // the application's latest word on backpressure
    private volatile boolean upgraded; // the 101 went out: the close is logged and counted

    WebsocketConnection(Scope scope, ServerContext context) {
        this.scope = scope;
        this.context = context;
        this.handshake = new WebsocketHandshake(this, context);
        this.writer = new FrameWriter(this, context);
        this.heartbeat = new Heartbeat(this, context.settings());
    }

    /** Runs on the IO thread: asks the application, and keeps the exchange open until it answers. */
    void start(HttpServerExchange exchange) {
        handshake.hold(exchange);
        instance = context.application().open(scope, this);
        context.registry().upgrading(this);
        handshake.watch();
        instance.receive(Event.WebsocketConnect.INSTANCE);
    }

    Scope scope() {
        return scope;
    }

    ApplicationInstance instance() {
        return instance;
    }

    ServerContext context() {
        return context;
    }

    @Override
    public void send(Event event) {
        if (event instanceof Event.WebsocketAccept accept) {
            handshake.accept(accept);
        } else if (!handshake.answered() && event instanceof Event.WebsocketClose) {
            handshake.refuse(403, "", WebsocketHandshake.Refusal.APPLICATION);
        } else if (!handshake.answered() && event instanceof Event.WebsocketReject reject) {
            handshake.refuse(reject.status(), reject.body(), WebsocketHandshake.Refusal.APPLICATION);
        } else if (event instanceof Event.WebsocketSend || event instanceof Event.WebsocketClose) {
            WebSocketChannel open = handshake.holdUntilUpgraded(event);
            if (open != null) {
                writer.write(open, event);
            }
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

    /** The 101 went out and Undertow made the channel: false when the client has already gone. */
    boolean upgraded(WebSocketChannel ws) {
        if (disconnected != 0 || !ws.isOpen()) { // the client left while the 101 was on its way
            IoUtils.safeClose(ws);
            disconnected(CloseCodes.ABNORMAL, "");
            return false;
        }
        writer.opened(ws);
        upgraded = true;
        channel = ws;
        context.registry().add(this);
        context.accessLog().websocket(scope, "WSCONNECT", 101);
        context.metrics().opened();
        ws.getReceiveSetter().set(new InboundListener(this, heartbeat, context));
        ws.addCloseTask(closed -> disconnected(sentCloseCode(closed), closeReason));
        if (!ws.isOpen()) {
            disconnected(sentCloseCode(ws), closeReason); // closed before the task was added: it will never run
            return false;
        }
        if (!receivesPaused) {
            ws.resumeReceives();
        }
        return true;
    }

    /** Events the application sent before the upgrade completed, in order, now that the channel is open. */
    void writeHeld(WebSocketChannel ws, Event event) {
        writer.write(ws, event);
    }

    /** Notes the close code and reason the client is (or will be) told, for the disconnect event. */
    void closing(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    // Undertow answers protocol errors, invalid UTF-8 and oversized messages with its own close frame (1002, 1007,
    // 1009) and notes the code on the channel: that is what the client was told, not 1006
    private int sentCloseCode(WebSocketChannel ws) {
        int code = closeCode;
        return code == CloseCodes.ABNORMAL && ws.getCloseCode() > 0 ? ws.getCloseCode() : code;
    }

    boolean isDisconnected() {
        return disconnected != 0;
    }

    /** Delivers the one disconnect event, whichever way the connection ended. */
    void disconnected(int code, String reason) {
        if (DISCONNECTED.compareAndSet(this, 0, 1)) {
            context.registry().remove(this);
            if (upgraded) {
                context.accessLog().websocket(scope, "WSDISCONNECT", code);
                context.metrics().closed(code);
            }
            instance.receive(new Event.WebsocketDisconnect(code, reason == null ? "" : reason));
        }
    }

    long outboundBytes() {
        return writer.outboundBytes();
    }

    WebSocketChannel channel() {
        return channel;
    }

    /** Heartbeat: pings a connection idle for the interval, drops one silent past the timeout after a ping. */
    void heartbeat(long now, long intervalNanos, long timeoutNanos) {
        heartbeat.check(now, intervalNanos, timeoutNanos);
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
}
