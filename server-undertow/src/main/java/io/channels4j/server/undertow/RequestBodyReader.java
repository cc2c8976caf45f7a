package io.channels4j.server.undertow;

import io.channels4j.core.Scope;
import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;

/**
 * Reads one request body as its bytes arrive, within {@code maxRequestBodySize}, the server's budget of body bytes
 * ({@code maxInflightBodyBytes}) and {@code requestBodyTimeout}; hands over the whole body, or the answer that
 * refuses it. Runs on the exchange's IO thread.
 */
final class RequestBodyReader {
    private static final Logger log = LoggerFactory.getLogger(RequestBodyReader.class);

    /** What becomes of the body. */
    interface Outcome {
        /** The whole body arrived; {@code exchange} may be inside Undertow's root handler. */
        void body(HttpServerExchange exchange, byte[] body);

        /** The body is refused with this status; the rest of it is never read. */
        void refuse(int status, String text);

        /** The client went away before the body was complete. */
        void gone();
    }

    private final Scope scope;
    private final ServerContext context;
    private final Outcome outcome;
    // grows with the bytes received, never sized from Content-Length as Undertow's receiveFullBytes does
    private ByteArrayOutputStream body = new ByteArrayOutputStream(0);
    private long held;
    private XnioExecutor.Key timer;
    private boolean done;

    RequestBodyReader(Scope scope, ServerContext context, Outcome outcome) {
        this.scope = scope;
        this.context = context;
        this.outcome = outcome;
    }

    void read(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete()) {
            timer = exchange.getIoThread().executeAfter(() -> timedOut(exchange), context.settings().requestBodyTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        exchange.getRequestReceiver().receivePartialBytes(this::part, this::failed);
    }

    /** Gives back the bytes held and stops the timer; the request is over. */
    void release() {
        done = true;
        cancelTimer();
        context.registry().releaseBodyBytes(held);
        held = 0;
        body = null;
    }

    private void part(HttpServerExchange exchange, byte[] data, boolean complete) {
        if (done) {
            return;
        }
        if (data.length > 0) {
            if (held + data.length > context.settings().maxRequestBodySize()) {
                tooBig(exchange);
                return;
            }
            if (!context.registry().reserveBodyBytes(data.length, context.settings().maxInflightBodyBytes())) {
                log.debug("Refused a request body on {}: the server already holds {} bytes of bodies", scope.path(), context.registry().bodyBytes());
                refuse(exchange, 503, "The server is receiving too many request bodies; try again later.");
                return;
            }
            held += data.length;
            body.write(data, 0, data.length);
        }
        if (complete) {
            done = true;
            cancelTimer();
            byte[] full = body.toByteArray();
            body = null;
            outcome.body(exchange, full);
        }
    }

    private void failed(HttpServerExchange exchange, IOException error) {
        if (done) {
            return;
        }
        if (error instanceof RequestTooBigException || error instanceof Receiver.RequestToLargeException
                || error.getCause() instanceof RequestTooBigException) {
            tooBig(exchange);
        } else if (malformed(error) && exchange.getConnection().isOpen()) {
            log.info("Malformed request body on {} from {} ({}): answered 400", scope.path(), scope.client(), error.getMessage());
            refuse(exchange, 400, "Malformed request body: " + error.getMessage());
        } else {
            log.debug("Could not read request body on {}: {}", scope.path(), error.toString());
            done = true;
            outcome.gone();
        }
    }

    // Undertow's chunk decoder: trailers that are not headers (what a bogus chunk size turns into), or a size too large
    private static boolean malformed(IOException error) {
        String message = String.valueOf(error.getMessage());
        return message.startsWith("UT000042") || message.startsWith("UT000195");
    }

    private void tooBig(HttpServerExchange exchange) {
        log.info("Request body on {} from {} larger than {} bytes: answered 413", scope.path(), scope.client(),
                context.settings().maxRequestBodySize());
        refuse(exchange, 413, "Request body larger than " + context.settings().maxRequestBodySize() + " bytes.");
    }

    private void timedOut(HttpServerExchange exchange) {
        timer = null;
        if (!done) {
            log.debug("Request body on {} from {} not received within {}: answered 408", scope.path(), scope.client(),
                    context.settings().requestBodyTimeout());
            exchange.getRequestReceiver().pause();
            done = true;
            Connectors.executeRootHandler(ex -> outcome.refuse(408, "The request body did not arrive in time."), exchange);
        }
    }

    private void refuse(HttpServerExchange exchange, int status, String text) {
        done = true;
        cancelTimer();
        exchange.getRequestReceiver().pause();
        outcome.refuse(status, text);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }
}
