package io.channels4j.testing;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Scope;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What both communicators share: the application under test, the scope they build for it, the events it sent back,
 * and typed waits for them. Channels' communicators share {@code ApplicationCommunicator} the same way.
 */
public abstract class Communicator {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    final Application application;
    final Scope.Builder scope;
    final Headers.Builder headers = Headers.builder();
    final String path;
    Outputs outputs;
    ApplicationInstance instance;

    Communicator(Application application, Scope.Type type, String method, String pathAndQuery, String defaultScheme) {
        this.application = Objects.requireNonNull(application, "application");
        RequestTarget target = RequestTarget.parse(pathAndQuery, defaultScheme);
        this.scope = Scope.builder(type).rawPath(target.rawPath()).method(method).scheme(target.scheme())
                .queryString(target.queryString())
                .client(new InetSocketAddress("127.0.0.1", 50000)).server(new InetSocketAddress("127.0.0.1", 8000));
        this.path = scope.build().path();
    }

    /**
     * The next event the application sent, which must be a {@code type}.
     *
     * @throws AssertionError when none comes within {@code timeout}, or another kind of event comes
     */
    protected <T extends Event> T next(Duration timeout, Class<T> type) {
        String what = type == Event.WebsocketSend.class ? "message"
                : type == Event.WebsocketClose.class ? "close"
                : type == Event.HttpResponseStart.class ? "http.response.start"
                : type == Event.HttpResponseBody.class ? "http.response.body" : type.getSimpleName();
        Event event = outputs.next(timeout, what);
        if (!type.isInstance(event)) {
            String expected = type == Event.WebsocketSend.class || type == Event.WebsocketClose.class ? "a " + what : what;
            throw new AssertionError("Expected " + expected + " from " + path + ", got " + event.type());
        }
        return type.cast(event);
    }

    /** Whether the application stays silent for {@code timeout}, as Channels' {@code receive_nothing}. */
    public boolean receiveNothing(Duration timeout) {
        return outputs.nothingWithin(timeout);
    }
}
