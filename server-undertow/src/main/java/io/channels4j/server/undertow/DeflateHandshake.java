package io.channels4j.server.undertow;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.WebSocketExtension;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.extensions.ExtensionHandshake;
import io.undertow.websockets.extensions.PerMessageDeflateFunction;
import java.io.IOException;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Negotiates permessage-deflate (RFC 7692) with {@code server_no_context_takeover}, so every message the server
 * compresses stands alone and one compressed frame fits every client. Undertow's own extension compresses each
 * frame per channel as it writes it; here the {@link FrameWriter} writes frames already compressed (RSV1 set) and
 * Undertow only inflates what the client sends, with or without the client's context takeover.
 */
final class DeflateHandshake implements ExtensionHandshake {
    static final String NAME = "permessage-deflate";

    private boolean clientContextTakeover = true;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public WebSocketExtension accept(WebSocketExtension offer) {
        if (offer == null || !NAME.equals(offer.getName())) {
            return null;
        }
        WebSocketExtension answer = new WebSocketExtension(NAME);
        boolean takeover = true;
        for (WebSocketExtension.Parameter parameter : offer.getParameters()) {
            switch (parameter.getName()) {
                case "server_no_context_takeover" -> { } // answered below in any case
                case "client_no_context_takeover" -> {
                    takeover = false;
                    answer.getParameters().add(parameter);
                }
                case "client_max_window_bits" -> { } // the client may use its full window: the answer names none
                case "server_max_window_bits" -> {
                    if (parameter.getValue() == null || !parameter.getValue().equals("15")) {
                        return null; // java.util.zip always uses a 32 KiB window: decline this offer (a client may offer several)
                    }
                    answer.getParameters().add(parameter);
                }
                default -> {
                    return null; // RFC 7692 5.1: decline an offer with a parameter we do not know
                }
            }
        }
        answer.getParameters().add(new WebSocketExtension.Parameter("server_no_context_takeover", null));
        clientContextTakeover = takeover;
        return answer;
    }

    @Override
    public boolean isIncompatible(List<ExtensionHandshake> extensions) {
        return extensions.stream().anyMatch(extension -> NAME.equals(extension.getName()));
    }

    @Override
    public ExtensionFunction create() {
        return new Inbound(new PerMessageDeflateFunction(Deflater.DEFAULT_COMPRESSION, false, clientContextTakeover));
    }

    /** Inflates the client's compressed frames; leaves the server's frames as the writer made them. */
    private static final class Inbound implements ExtensionFunction {
        private final PerMessageDeflateFunction inflate;

        Inbound(PerMessageDeflateFunction inflate) {
            this.inflate = inflate;
        }

        @Override
        public boolean hasExtensionOpCode() {
            return inflate.hasExtensionOpCode();
        }

        @Override
        public int writeRsv(int rsv) {
            return rsv; // RSV1 is set per frame by the writer, on the frames it compressed
        }

        @Override
        public PooledByteBuffer transformForWrite(PooledByteBuffer buffer, StreamSinkFrameChannel channel, boolean lastFrame) {
            return buffer;
        }

        @Override
        public PooledByteBuffer transformForRead(PooledByteBuffer buffer, StreamSourceFrameChannel channel, boolean last) throws IOException {
            return inflate.transformForRead(buffer, channel, last);
        }

        @Override
        public void dispose() {
            inflate.dispose();
        }
    }
}
