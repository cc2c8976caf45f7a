package io.channels4j.server.undertow;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/** A WebSocket's inbound frames: whole messages become receive events, pongs and close frames are noted. */
final class InboundListener extends AbstractReceiveListener {
    private static final Logger log = LoggerFactory.getLogger(InboundListener.class);

    private final WebsocketConnection connection;
    private final Heartbeat heartbeat;
    private final ServerContext context;

    InboundListener(WebsocketConnection connection, Heartbeat heartbeat, ServerContext context) {
        this.connection = connection;
        this.heartbeat = heartbeat;
        this.context = context;
    }

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
        heartbeat.message();
        String text = message.getData(); // getData() hands the text over once
        context.metrics().received(text.length());
        connection.instance().receive(Event.WebsocketReceive.text(text));
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel ws, BufferedBinaryMessage message) {
        heartbeat.inbound();
        var data = message.getData();
        try {
            ByteBuffer merged = WebSockets.mergeBuffers(data.getResource());
            byte[] bytes = new byte[merged.remaining()];
            merged.get(bytes);
            heartbeat.message();
            context.metrics().received(bytes.length);
            connection.instance().receive(Event.WebsocketReceive.bytes(bytes));
        } finally {
            data.free();
        }
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel ws, BufferedBinaryMessage message) {
        heartbeat.inbound();
        message.getData().free();
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel ws) {
        connection.closing(message.getCode(), message.getReason());
    }

    @Override
    protected void onError(WebSocketChannel ws, Throwable error) {
        log.debug("WebSocket on {} failed: {}", connection.scope().path(), error.toString());
        // a message past the limit: Undertow has sent its own 1009 close frame and noted the code on the channel
        if (ws.getCloseCode() == CloseMessage.MSG_TOO_BIG) {
            connection.closing(CloseCodes.MESSAGE_TOO_BIG, "message too big");
        }
        IoUtils.safeClose(ws);
    }
}
