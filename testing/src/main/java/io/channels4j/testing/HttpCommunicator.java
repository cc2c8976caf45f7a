package io.channels4j.testing;

import io.channels4j.core.Application;
import io.channels4j.core.Event;
import io.channels4j.core.Json;
import io.channels4j.core.Scope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs an application for one HTTP request in-process, as Channels' {@code HttpCommunicator}.
 * <pre>
 * HttpResponse response = HttpCommunicator.of(app, "POST", "/api/updates").json(Map.of("message", "hi")).getResponse();
 * assertEquals(202, response.status());
 * </pre>
 */
public final class HttpCommunicator extends Communicator {
    private byte[] body = new byte[0];

    private HttpCommunicator(Application application, String method, String pathAndQuery) {
        super(application, Scope.Type.HTTP, method.toUpperCase(Locale.ROOT), pathAndQuery, "http");
    }

    /**
     * A request with {@code method} to {@code path}, which may carry {@code ?query}, or to a whole URL: the
     * application sees the path percent-decoded without scheme, host, query or fragment, the query raw.
     */
    public static HttpCommunicator of(Application application, String method, String path) {
        return new HttpCommunicator(application, method, path);
    }

    /** Adds a request header. */
    public HttpCommunicator header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Sets the scheme the request came with ({@code https} makes {@code scope.secure()} true). */
    public HttpCommunicator scheme(String scheme) {
        scope.scheme(scheme);
        return this;
    }

    /** Sets the request body. */
    public HttpCommunicator body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    /** Sets a JSON body and its content type. */
    public HttpCommunicator json(Object value) {
        headers.set("Content-Type", "application/json");
        return body(Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request and waits up to one second for the whole response. */
    public HttpResponse getResponse() {
        return getResponse(DEFAULT_TIMEOUT);
    }

    /** Sends the request and waits up to {@code timeout} for the whole response. */
    public HttpResponse getResponse(Duration timeout) {
        Event.HttpResponseStart start = start(timeout);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        while (true) {
            Event.HttpResponseBody chunk = receiveBody(timeout);
            joined.writeBytes(chunk.body());
            if (!chunk.moreBody()) {
                return new HttpResponse(start.status(), start.headers(), joined.toByteArray());
            }
        }
    }

    /** Sends the request and waits for the response to start, for streamed responses. */
    public Event.HttpResponseStart start(Duration timeout) {
        send();
        return next(timeout, Event.HttpResponseStart.class);
    }

    /** The next body chunk of a started response. */
    public Event.HttpResponseBody receiveBody(Duration timeout) {
        return next(timeout, Event.HttpResponseBody.class);
    }

    /** The client goes away (ends a stream). */
    public void disconnect() {
        if (instance != null) {
            instance.receive(new Event.HttpDisconnect());
        }
    }

    private void send() {
        if (instance != null) {
            return;
        }
        Scope built = scope.headers(headers.build()).build();
        outputs = new Outputs(built, path);
        instance = application.open(built, outputs::add);
        instance.receive(new Event.HttpRequest(body, false));
    }
}
