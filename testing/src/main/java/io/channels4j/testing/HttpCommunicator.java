package io.channels4j.testing;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Json;
import io.channels4j.core.Scope;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs an application for one HTTP request in-process, as Channels' {@code HttpCommunicator}.
 * <pre>
 * HttpResponse response = HttpCommunicator.of(app, "POST", "/api/updates").json(Map.of("message", "hi")).getResponse();
 * assertEquals(202, response.status());
 * </pre>
 */
public final class HttpCommunicator {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final Application application;
    private final Scope.Builder scope;
    private final Headers.Builder headers = Headers.builder();
    private final String path;
    private byte[] body = new byte[0];
    private Outputs outputs;
    private ApplicationInstance instance;

    private HttpCommunicator(Application application, String method, String pathAndQuery) {
        this.application = Objects.requireNonNull(application, "application");
        RequestTarget target = RequestTarget.parse(pathAndQuery, "http");
        this.scope = Scope.builder(Scope.Type.HTTP).rawPath(target.rawPath()).method(method.toUpperCase(Locale.ROOT)).scheme(target.scheme())
                .queryString(target.queryString())
                .client(new InetSocketAddress("127.0.0.1", 50000)).server(new InetSocketAddress("127.0.0.1", 8000));
        this.path = scope.build().path();
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
        return outputs.next(timeout, Event.HttpResponseStart.class, "http.response.start", "http.response.start");
    }

    /** The next body chunk of a started response. */
    public Event.HttpResponseBody receiveBody(Duration timeout) {
        return outputs.next(timeout, Event.HttpResponseBody.class, "http.response.body", "http.response.body");
    }

    /** Whether the application stays silent for {@code timeout}. */
    public boolean receiveNothing(Duration timeout) {
        return outputs.nothingWithin(timeout);
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
