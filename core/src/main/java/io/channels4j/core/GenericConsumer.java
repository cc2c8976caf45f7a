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
 * <p>A handler that throws is logged and the worker goes on with the next message.
 */
public abstract class GenericConsumer extends BaseConsumer {
    private static final Logger log = LoggerFactory.getLogger(GenericConsumer.class);

    /** Creates the consumer. */
    protected GenericConsumer() {
    }

    @Override
    final void onEvent(Event event) {
        if (event instanceof Message) {
            try {
                dispatch((Message) event);
            } catch (Throwable t) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.error("{} failed handling '{}' on {}", name(), event.type(), scope(), t);
            }
        } else if (event instanceof Event.WebsocketConnect) {
            emit(new Event.WebsocketReject(500, "Internal Server Error"));
            log.error("{} is a GenericConsumer and cannot serve WebSocket {}: extend WebsocketConsumer instead.", name(), scope().path());
        } else if (event instanceof Event.HttpRequest && !((Event.HttpRequest) event).moreBody()) {
            emit(new Event.HttpResponseStart(500, Headers.EMPTY));
            emit(new Event.HttpResponseBody(new byte[0], false));
            log.error("{} is a GenericConsumer and cannot serve HTTP {}: extend HttpConsumer instead.", name(), scope().path());
            end();
        } else if (event instanceof Event.WebsocketDisconnect || event instanceof Event.HttpDisconnect) {
            end();
        }
    }
}
