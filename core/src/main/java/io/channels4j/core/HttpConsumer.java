package io.channels4j.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer for one HTTP request, as Channels' {@code AsyncHttpConsumer}: the whole body arrives at
 * {@link #handle(byte[])}, which answers with {@link #sendResponse} or streams with
 * {@link #sendHeaders}/{@link #sendBody}.
 * <pre>
 * public final class HealthConsumer extends HttpConsumer {
 *     &#64;Override protected void handle(byte[] body) { sendText(200, "ok"); }
 * }
 * </pre>
 *
 * <p>Unlike Channels, a response still streaming when {@code handle} returns keeps the consumer alive:
 * layer messages keep reaching its handlers (server-sent events, long polls) until it sends the last
 * chunk or the client goes away. A handler that throws before the response starts gives HTTP 500.
 */
public abstract class HttpConsumer extends BaseConsumer {
    private static final Logger log = LoggerFactory.getLogger(HttpConsumer.class);
    private static final byte[] EMPTY = new byte[0];

    private ByteArrayOutputStream body;
    private boolean started;
    private boolean complete;

    /** Creates the consumer; the framework makes one per request. */
    protected HttpConsumer() {
    }

    @Override
    final void onEvent(Event event) {
        if (event instanceof Message message) {
            event = ProtocolMessages.asEvent(message, "http.");
        }
        try {
            if (event instanceof Event.HttpRequest chunk) {
                if (chunk.moreBody()) {
                    if (body == null) {
                        body = new ByteArrayOutputStream();
                    }
                    body.write(chunk.body());
                    return;
                }
                byte[] whole = chunk.body();
                if (body != null) {
                    body.write(chunk.body());
                    whole = body.toByteArray();
                    body = null;
                }
                handle(whole);
            } else if (event instanceof Event.HttpDisconnect) {
                complete = true;
                disconnect();
            } else if (event instanceof Message message) {
                dispatch(message);
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("{} failed handling {} on {} {}", name(), event.type(), scope().method(), scope().path(), t);
            if (!started) {
                sendText(500, "Internal Server Error");
            } else if (!complete) {
                sendBody(EMPTY, false);
            }
            complete = true;
        }
        if (complete) {
            end();
        }
    }

    /** Answers the request whose complete body is {@code body}. */
    protected abstract void handle(byte[] body) throws Exception;

    /** The client went away before the response was complete. */
    protected void disconnect() throws Exception {
    }

    /**
     * Starts the response.
     *
     * @throws IllegalStateException when it has already started
     */
    protected final void sendHeaders(int status, Headers headers) {
        if (started) {
            throw new IllegalStateException(name() + " already started its response; send body chunks with sendBody.");
        }
        started = true;
        emit(new Event.HttpResponseStart(status, headers));
    }

    /**
     * Sends a body chunk; {@code moreBody} false ends the response.
     *
     * @throws IllegalStateException before {@link #sendHeaders} or after the last chunk
     */
    protected final void sendBody(byte[] chunk, boolean moreBody) {
        if (!started) {
            throw new IllegalStateException(name() + " must call sendHeaders before sendBody.");
        }
        if (complete) {
            return; // the client has gone; late chunks have nowhere to go
        }
        complete = !moreBody;
        emit(new Event.HttpResponseBody(chunk, moreBody));
    }

    /** Sends a whole response. */
    protected final void sendResponse(int status, byte[] body, Headers headers) {
        sendHeaders(status, headers.contains("content-length") ? headers : headers.with("Content-Length", Integer.toString(body.length)));
        sendBody(body, false);
    }

    /** Sends a whole plain-text response. */
    protected final void sendText(int status, String text) {
        sendResponse(status, text.getBytes(StandardCharsets.UTF_8), Headers.of("Content-Type", "text/plain; charset=utf-8"));
    }

    /** Sends a whole JSON response of any Jackson-writable value. */
    protected final void sendJson(int status, Object content) {
        sendResponse(status, Json.write(content).getBytes(StandardCharsets.UTF_8), Headers.of("Content-Type", "application/json"));
    }

    /** Starts a server-sent event stream (status 200, {@code text/event-stream}). */
    protected final void startEventStream() {
        sendHeaders(200, Headers.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache"));
    }

    /** Sends one server-sent event whose data is {@code data} (one line per line of data). */
    protected final void sendEvent(String data) {
        StringBuilder frame = new StringBuilder(data.length() + 16);
        for (String line : data.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        sendBody(frame.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** Whether the response is complete (or the client gone). */
    protected final boolean responseComplete() {
        return complete;
    }
}
