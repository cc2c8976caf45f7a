package io.channels4j.server.undertow;

import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.undertow.io.IoCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * One HTTP request: delivers its body to the application and writes the response events it sends back,
 * in order, on the exchange's IO thread; streamed chunks are flushed as they come.
 */
final class HttpConnection implements Sender {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final long LINGER_MILLIS = 500;

    private final Scope scope;
    private final ServerContext context;
    private final ConcurrentLinkedQueue<Event> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final long started = System.nanoTime();
    private HttpServerExchange exchange;
    private ApplicationInstance instance;
    // touched on the IO thread only
    private StreamSinkChannel channel;
    private ByteBuffer writing;
    private boolean last;
    private boolean waitingForWritable;
    private boolean responseStarted;
    private boolean watchingClient;
    private long bytesSent;
    private int status = 200;
    private RequestBodyReader bodyReader;

    HttpConnection(Scope scope, ServerContext context) {
        this.scope = scope;
        this.context = context;
    }

    void start(HttpServerExchange exchange) {
        this.exchange = exchange;
        context.registry().add(this);
        exchange.setMaxEntitySize(context.settings().maxRequestBodySize());
        ChunkedBodyConduit.install(exchange);
        bodyReader = new RequestBodyReader(scope, context, new RequestBodyReader.Outcome() {
            @Override
            public void body(HttpServerExchange ex, byte[] full) {
                // the last part may arrive inside Undertow's root handler, which would end the exchange on return;
                // dispatching keeps it open for the application's answer
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
                    instance = context.application().open(scope, HttpConnection.this);
                    instance.receive(new Event.HttpRequest(full, false));
                });
            }

            @Override
            public void refuse(int code, String text) {
                respondDirectly(code, text);
            }

            @Override
            public void gone() {
                status = 499; // the client went away: no status was sent
                finish();
            }
        });
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> bodyReader.read(exchange));
    }

    // the rest of the request is never read, so the connection cannot carry another one: it is closed once the
    // client has had a moment to read the answer (closing at once over unread bytes would reset it first)
    private void respondDirectly(int code, String text) {
        exchange.setPersistent(false);
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ServerConnection connection = exchange.getConnection();
        exchange.getResponseSender().send(text, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, io.undertow.io.Sender sender) {
                IoCallback.END_EXCHANGE.onComplete(ex, sender);
                connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onException(HttpServerExchange ex, io.undertow.io.Sender sender, IOException error) {
                IoUtils.safeClose(connection);
            }
        });
        status = code;
        finish();
    }

    @Override
    public void send(Event event) {
        if (event instanceof Event.HttpResponseStart || event instanceof Event.HttpResponseBody) {
            outbound.add(event);
            exchange.getIoThread().execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (!waitingForWritable && !ended.get()) {
                if (writing == null) {
                    Event next = outbound.poll();
                    if (next == null) {
                        return;
                    }
                    if (next instanceof Event.HttpResponseStart) {
                        startResponse((Event.HttpResponseStart) next);
                        continue;
                    }
                    Event.HttpResponseBody body = (Event.HttpResponseBody) next;
                    if (!responseStarted) {
                        log.error("The application on {} sent a body before starting the response; answering 500", scope.path());
                        startResponse(new Event.HttpResponseStart(500, io.channels4j.core.Headers.EMPTY));
                    }
                    if (channel == null) {
                        channel = exchange.getResponseChannel();
                    }
                    writing = ByteBuffer.wrap(body.body());
                    last = !body.moreBody();
                    if (!last && !watchingClient) {
                        // only streams need to hear of a client that leaves; a listener per request would pile up on keep-alive
                        watchingClient = true;
                        exchange.getConnection().addCloseListener(connection -> clientGone());
                    }
                }
                while (writing.hasRemaining()) {
                    int n = channel.write(writing);
                    if (n == 0) {
                        awaitWritable();
                        return;
                    }
                    bytesSent += n;
                }
                if (last) {
                    channel.shutdownWrites();
                }
                if (!channel.flush()) {
                    awaitWritable();
                    return;
                }
                writing = null;
                if (last) {
                    exchange.endExchange();
                    finish();
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("Client went away while {} was answering: {}", scope.path(), e.toString());
            clientGone();
            exchange.endExchange();
        }
    }

    private void startResponse(Event.HttpResponseStart start) {
        if (responseStarted) {
            log.error("The application on {} started its response twice; ignored the second start", scope.path());
            return;
        }
        responseStarted = true;
        status = start.status();
        exchange.setStatusCode(start.status());
        start.headers().asMap().forEach((name, values) -> exchange.getResponseHeaders().putAll(new HttpString(name), values));
    }

    private void awaitWritable() {
        waitingForWritable = true;
        channel.getWriteSetter().set(ch -> {
            ch.suspendWrites();
            waitingForWritable = false;
            drain();
        });
        channel.resumeWrites();
    }

    private void clientGone() {
        if (!ended.get()) {
            if (instance != null) {
                instance.receive(new Event.HttpDisconnect());
            }
            finish();
        }
    }

    private void finish() {
        if (ended.compareAndSet(false, true)) {
            if (bodyReader != null) {
                bodyReader.release();
            }
            context.registry().remove(this);
            context.accessLog().http(scope, status, bytesSent, System.nanoTime() - started);
        }
    }

    Scope scope() {
        return scope;
    }
}
