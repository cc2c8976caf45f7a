package io.channels4j.server.undertow;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.extensions.ExtensionFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.xnio.ChannelListeners;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * A WebSocket's outbound frames, in order, on its IO thread: each message's {@code Delivery} decides what happens
 * when the {@link OutboundBuffer} is full, and a reliable message that does not fit closes the slow client.
 */
final class FrameWriter implements IoOutboxes.Corked {
    private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);
    // a counter on a field updater rather than an atomic object: every open connection keeps one
    private static final AtomicIntegerFieldUpdater<FrameWriter> QUEUED_ON_IO =
            AtomicIntegerFieldUpdater.newUpdater(FrameWriter.class, "queuedOnIo");

    private final WebsocketConnection connection;
    private final ServerContext context;
    private final OutboundBuffer outbound;
    private volatile int queuedOnIo; // writes of this connection waiting in its IO thread's outbox
    private volatile IoOutboxes.Outbox outbox;
    private volatile boolean overflowed;
    private volatile boolean closeWritten; // no data frame may follow a close frame
    private volatile boolean deflate; // the client negotiated permessage-deflate
    private int unflushed; // IO thread only: frames written in the current outbox drain, not flushed yet
    private final ArrayDeque<UnsentFrame> awaitingFlush = new ArrayDeque<>(0); // IO thread only: those frames

    FrameWriter(WebsocketConnection connection, ServerContext context) {
        this.connection = connection;
        this.context = context;
        this.outbound = new OutboundBuffer(context.settings().maxOutboundBytes(), context.settings().maxOutboundFrames());
    }

    /** The channel exists: from now on writes from other threads go through its IO thread's outbox. */
    void opened(WebSocketChannel ws) {
        outbox = context.outboxes().of(ws.getIoThread());
        deflate = ws.areExtensionsSupported(); // the only extension the server ever answers is permessage-deflate
    }

    /** Writes a message or a close frame, after every earlier one. */
    void write(WebSocketChannel open, Event event) {
        if (closeWritten) {
            return; // the application closed, or its consumer was closed for falling behind: later frames have nowhere to go
        }
        if (event instanceof Event.WebsocketSend send) {
            send(open, send);
        } else {
            closeWritten = true;
            Event.WebsocketClose close = (Event.WebsocketClose) event;
            connection.closing(close.code(), close.reason());
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
        UnsentFrame frame = new UnsentFrame(open, send.isText(), payload);
        if (mayWriteNow(open)) {
            frame.write();
        } else {
            queue(frame);
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
                    outbox.cork(open, this);
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
        int code = CloseCodes.POLICY_VIOLATION;
        String reason = "client too slow: outbound buffer full";
        connection.closing(code, reason);
        context.metrics().slowClientClosed();
        log.warn("Closing slow WebSocket client on {} ({}): {} bytes in {} frames wait to be sent", connection.scope().path(),
                connection.scope().client(), outbound.bytes(), outbound.frames());
        onIoThread(open, () -> {
            WebSockets.sendClose(code, reason, open, null);
            open.getIoThread().executeAfter(() -> IoUtils.safeClose(open), 1, TimeUnit.SECONDS);
        });
    }

    /** A frame not yet written: written on the IO thread, then releases its room and lets conflated messages use it. */
    private final class UnsentFrame implements WebSocketCallback<Void>, Runnable {
        private final WebSocketChannel open;
        private final boolean text;
        private final byte[] payload;
        private StreamSinkFrameChannel sink;

        UnsentFrame(WebSocketChannel open, boolean text, byte[] payload) {
            this.open = open;
            this.text = text;
            this.payload = payload;
        }

        void write() {
            if (connection.isDisconnected() || !open.isOpen()) {
                // the client has gone: Undertow would build an exception with a stack trace for every frame
                // still queued to it (seen in allocation profiles when a room's members leave mid-broadcast)
                outbound.release(payload.length);
                return;
            }
            boolean compress = deflate && context.compressor().worthCompressing(payload.length);
            // as WebSockets.sendText does, but a compressed body is deflated already (RSV1 set; Undertow's own extension
            // would deflate it again, per channel), and inside an outbox drain the completion waits for the drain's flush
            byte[] body = compress ? context.compressor().compressed(payload) : payload;
            try {
                sink = open.send(text ? WebSocketFrameType.TEXT : WebSocketFrameType.BINARY);
                if (compress) {
                    sink.setRsv(ExtensionFunction.RSV1);
                }
                if (!sink.send(new ImmediatePooledByteBuffer(ByteBuffer.wrap(body)))) {
                    throw new IOException("Undertow refused a frame on a new frame channel");
                }
                sink.shutdownWrites();
                if (open.isRequireExplicitFlush()) {
                    sink.flush(); // queues the frame for the drain's flush
                    unflushed++;
                    awaitingFlush.add(this);
                } else {
                    finish();
                }
            } catch (IOException e) {
                onError(open, null, e);
            }
        }

        // the frame is queued or written: complete now if the socket took it, else when it does
        void finish() {
            try {
                if (sink.flush()) {
                    complete(open, null);
                    return;
                }
            } catch (IOException e) {
                onError(open, null, e);
                return;
            }
            sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(flushed -> {
                flushed.getWriteSetter().set(null); // the listener may run twice
                complete(open, null);
            }, (failed, error) -> {
                failed.getWriteSetter().set(null);
                onError(open, null, error);
                IoUtils.safeClose(failed, open);
            }));
            sink.resumeWrites();
        }

        @Override
        public void run() { // from the outbox
            try {
                outbox.cork(open, FrameWriter.this);
                write();
            } finally {
                QUEUED_ON_IO.decrementAndGet(FrameWriter.this);
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

    @Override
    public int unflushed() {
        return unflushed;
    }

    @Override
    public void flushed() {
        unflushed = 0;
        // only the frames written before this flush: a completion may write more, which wait for the next one
        for (int i = awaitingFlush.size(); i > 0; i--) {
            awaitingFlush.poll().finish();
        }
    }

    long outboundBytes() {
        return outbound.bytes();
    }
}
