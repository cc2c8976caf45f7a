package io.channels4j.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Json;
import io.channels4j.core.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an application for one WebSocket connection in-process, with no network, as Channels'
 * {@code WebsocketCommunicator}.
 * <pre>
 * try (var ws = WebsocketCommunicator.of(app, "/ws/echo/")) {
 *     assertTrue(ws.connect().accepted());
 *     ws.sendJsonTo(Map.of("message", "hi"));
 *     assertEquals(Map.of("message", "hi"), ws.receiveJsonFrom(Duration.ofSeconds(1)));
 * }
 * </pre>
 * Waits default to one second. A wait that runs out fails with an {@link AssertionError} naming the path.
 */
public final class WebsocketCommunicator extends Communicator implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final List<String> subprotocols = new ArrayList<>();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private boolean debug = Boolean.getBoolean("channels4j.debug");

    private WebsocketCommunicator(Application application, String pathAndQuery) {
        super(application, Scope.Type.WEBSOCKET, "GET", pathAndQuery, "ws");
    }

    /**
     * A communicator for {@code path}, which may carry {@code ?query}, or a whole URL: the application sees what
     * a server would give it, the path percent-decoded without scheme, host, query or fragment, the query raw.
     */
    public static WebsocketCommunicator of(Application application, String path) {
        return new WebsocketCommunicator(application, path);
    }

    /** Adds a request header, before {@link #connect()}. */
    public WebsocketCommunicator header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /**
     * Debug mode, as {@code ServerSettings.builder().debug(true)}: a consumer that throws closes with 1011 and the
     * exception's message as its reason, which {@link #receiveFrom} then shows in its assertion. On by default when the
     * system property {@code channels4j.debug} is {@code true} (e.g. set by a test profile in surefire's
     * {@code systemPropertyVariables}).
     */
    public WebsocketCommunicator debug(boolean enabled) {
        debug = enabled;
        return this;
    }

    /** Offers subprotocols, before {@link #connect()}. */
    public WebsocketCommunicator subprotocols(String... offered) {
        subprotocols.addAll(Arrays.asList(offered));
        return this;
    }

    /** Connects and waits up to one second for the application's answer. */
    public ConnectResult connect() {
        return connect(DEFAULT_TIMEOUT);
    }

    /** Connects and waits up to {@code timeout} for accept, close or reject. */
    public ConnectResult connect(Duration timeout) {
        if (instance != null) {
            throw new IllegalStateException("connect() was already called on this communicator");
        }
        if (!subprotocols.isEmpty()) {
            headers.set("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        if (debug) {
            scope.attribute(Scope.DEBUG, true);
        }
        Scope built = scope.headers(headers.build()).subprotocols(subprotocols).build();
        outputs = new Outputs(built, path);
        instance = application.open(built, this::fromApplication);
        instance.receive(Event.WebsocketConnect.INSTANCE);
        Event answer = outputs.poll(timeout, "answer to websocket.connect");
        if (answer == null) {
            throw new AssertionError(handler() + " on " + path + " neither accepted nor closed the handshake within "
                    + timeout.toMillis() + " ms: call accept() or close() in connect().");
        }
        if (answer instanceof Event.WebsocketAccept accept) {
            return new ConnectResult(true, accept.subprotocol(), 0, 101, "");
        }
        if (answer instanceof Event.WebsocketClose close) {
            return new ConnectResult(false, null, close.code(), 403, close.reason());
        }
        if (answer instanceof Event.WebsocketReject reject) {
            return new ConnectResult(false, null, 0, reject.status(), reject.body());
        }
        throw new AssertionError("Expected accept, close or reject from " + path + ", got " + answer.type());
    }

    // a consumer's instance names its class; a bare lambda's generated name would only confuse
    private String handler() {
        String name = String.valueOf(instance);
        return name.contains("$$Lambda") ? "The application" : name;
    }

    // a server delivers one websocket.disconnect after the socket closes; so does this communicator
    private void fromApplication(Event event) {
        if (event instanceof Event.WebsocketPause || event instanceof Event.WebsocketResume) {
            return; // backpressure on a socket's frames: the test sends them itself
        }
        outputs.add(event);
        if (event instanceof Event.WebsocketClose close) {
            deliverDisconnect(close.code(), close.reason());
        } else if (event instanceof Event.WebsocketReject) {
            deliverDisconnect(CloseCodes.ABNORMAL, "");
        }
    }

    private void deliverDisconnect(int code, String reason) {
        if (disconnected.compareAndSet(false, true)) {
            instance.receive(new Event.WebsocketDisconnect(code, reason));
        }
    }

    /** Sends a text message to the application. */
    public void sendTo(String text) {
        requireConnected().receive(Event.WebsocketReceive.text(text));
    }

    /** Sends a binary message to the application. */
    public void sendBytesTo(byte[] bytes) {
        requireConnected().receive(Event.WebsocketReceive.bytes(bytes));
    }

    /** Sends {@code value} as a JSON text message. */
    public void sendJsonTo(Object value) {
        sendTo(Json.write(value));
    }

    /** The next text message, waiting up to one second. */
    public String receiveFrom() {
        return receiveFrom(DEFAULT_TIMEOUT);
    }

    /**
     * The next text message.
     *
     * @throws AssertionError when none arrives in time, or the application sent something else
     */
    public String receiveFrom(Duration timeout) {
        Event.WebsocketSend send = nextSend(timeout);
        if (send.text() == null) {
            throw new AssertionError("Expected a text message from " + path + ", got " + send.bytes().length + " bytes");
        }
        return send.text();
    }

    /** The next binary message. */
    public byte[] receiveBytesFrom(Duration timeout) {
        Event.WebsocketSend send = nextSend(timeout);
        if (send.bytes() == null) {
            throw new AssertionError("Expected a binary message from " + path + ", got text: " + send.text());
        }
        return send.bytes();
    }

    /** The next text message read as a JSON object, waiting up to one second. */
    public Map<String, Object> receiveJsonFrom() {
        return receiveJsonFrom(DEFAULT_TIMEOUT);
    }

    /** The next text message read as a JSON object. */
    public Map<String, Object> receiveJsonFrom(Duration timeout) {
        String text = receiveFrom(timeout);
        try {
            return Json.mapper().readValue(text, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Expected a JSON object from " + path + ", got: " + text, e);
        }
    }

    /** The close the application sent after accepting. */
    public Event.WebsocketClose receiveCloseFrom(Duration timeout) {
        return next(timeout, Event.WebsocketClose.class);
    }

    /** Whether the application stays silent for 100 ms. */
    public boolean receiveNothing() {
        return receiveNothing(Duration.ofMillis(100));
    }

    /** Closes from the client's side with 1000 and waits up to one second for the consumer to finish. */
    public void disconnect() {
        disconnect(CloseCodes.NORMAL);
    }

    /** Closes from the client's side with {@code code} and waits up to one second for the consumer to finish. */
    public void disconnect(int code) {
        if (instance == null) {
            return;
        }
        deliverDisconnect(code, "");
        try {
            instance.finished().toCompletableFuture().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("The application on " + path + " did not finish within 1 s of disconnect", e);
        }
    }

    /** Disconnects if still connected. */
    @Override
    public void close() {
        if (instance != null && !disconnected.get()) {
            disconnect();
        }
    }

    private Event.WebsocketSend nextSend(Duration timeout) {
        Event event = outputs.next(timeout, "message");
        if (event instanceof Event.WebsocketClose close) {
            throw new AssertionError("Expected a message from " + path + ", but the application closed the socket with "
                    + close.code() + (close.reason().isEmpty() ? "" : " '" + close.reason() + "'"));
        }
        if (!(event instanceof Event.WebsocketSend send)) {
            throw new AssertionError("Expected a message from " + path + ", got " + event.type());
        }
        return send;
    }

    private ApplicationInstance requireConnected() {
        if (instance == null) {
            throw new IllegalStateException("Call connect() before sending");
        }
        return instance;
    }
}
