package io.channels4j.server.undertow;

import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.ConduitListener;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Undertow's chunked request decoding, except that a malformed body leaves the connection open: Undertow's own
 * decoder closes it on the first bad byte, so the client got a reset where it should get 400.
 */
final class ChunkedBodyConduit extends ChunkedStreamSourceConduit {
    private static final ConduitListener<ChunkedStreamSourceConduit> FINISHED = conduit -> ((ChunkedBodyConduit) conduit).finished();

    private final HttpServerExchange exchange;
    private final HttpServerConnection connection;
    private final PushBackStreamSourceConduit source;

    private ChunkedBodyConduit(HttpServerExchange exchange, HttpServerConnection connection, PushBackStreamSourceConduit source) {
        super(source, source, connection.getByteBufferPool(), FINISHED, exchange, () -> { });
        this.exchange = exchange;
        this.connection = connection;
        this.source = source;
    }

    /** Takes over the decoding of {@code exchange}'s body when it is chunked and not read yet. */
    static void install(HttpServerExchange exchange) {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
            return;
        }
        ConduitStreamSourceChannel channel = connection.getChannel().getSourceChannel();
        if (channel.getConduit().getClass() != ChunkedStreamSourceConduit.class) {
            return;
        }
        AbstractServerConnection.ConduitState state = connection.resetChannel();
        StreamSourceConduit socket = channel.getConduit(); // beneath Undertow's conduits, with the bytes already read kept aside
        connection.restoreChannel(state);
        channel.setConduit(new ChunkedBodyConduit(exchange, connection,
                new PushBackStreamSourceConduit(new ReadDataStreamSourceConduit(socket, connection))));
    }

    private void finished() {
        if (isFinished()) {
            handBackUnread();
        } else {
            exchange.setPersistent(false);
        }
        Connectors.terminateRequest(exchange);
    }

    // what the decoder read past the body's end is the start of the next request on this connection
    private void handBackUnread() {
        PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
        try {
            if (source.read(pooled.getBuffer()) > 0) {
                pooled.getBuffer().flip();
                connection.ungetRequestBytes(pooled);
                return;
            }
        } catch (IOException e) {
            exchange.setPersistent(false);
        }
        pooled.close();
    }

    @Override
    public void terminateReads() throws IOException {
        if (!isFinished()) {
            exchange.setPersistent(false); // the connection closes after the answer; the rest is never read
        }
    }
}
