package io.channels4j.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic consumer: every message reaches the handler its type names, as Channels'
 * {@code SyncConsumer}. Background workers use it behind a {@code ChannelNameRouter}:
 * <pre>
 * public final class ThumbnailWorker extends GenericConsumer {
 *     public void generate(Message task) { ... }   // {"type": "generate", ...}
 * }
 * </pre>
 *
 * <p>A handler that throws is logged and the worker goes on with the next message. When the worker stops,
 * {@link #disconnect()} runs after the messages already handed over, and the consumer's channel is freed.
 */
public abstract class GenericConsumer extends BaseConsumer {
    private static final Logger log = LoggerFactory.getLogger(GenericConsumer.class);

    /** Creates the consumer. */
    protected GenericConsumer() {
    }

    @Override
    final void onEvent(Event event) throws Exception {
        if (event instanceof Message message) {
            try {
                dispatch(message);
            } catch (Throwable t) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.error("{} failed handling '{}' on {}", name(), event.type(), scope(), t);
            }
        } else if (event instanceof Event.WebsocketConnect) {
            emit(new Event.WebsocketReject(500, "Internal Server Error"));
            log.error("{} is a GenericConsumer and cannot serve WebSocket {}: extend WebsocketConsumer instead.", name(), scope().path());
        } else if (event instanceof Event.HttpRequest request && !request.moreBody()) {
            emit(new Event.HttpResponseStart(500, Headers.EMPTY));
            emit(new Event.HttpResponseBody(new byte[0], false));
            log.error("{} is a GenericConsumer and cannot serve HTTP {}: extend HttpConsumer instead.", name(), scope().path());
            end();
        } else if (event instanceof Event.WebsocketDisconnect || event instanceof Event.HttpDisconnect || event instanceof Event.WorkerStop) {
            try {
                disconnect();
            } finally {
                end();
            }
        }
    }

    /** Runs once when the consumer ends, e.g. when its {@link Worker} stops; frees what it holds. */
    protected void disconnect() throws Exception {
    }
}
