package io.channels4j.core;

import io.channels4j.core.presence.PresenceIdentity;
import io.channels4j.core.presence.PresenceTracker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer for one WebSocket connection, as Channels' {@code WebsocketConsumer}.
 * <pre>
 * public final class EchoConsumer extends WebsocketConsumer {
 *     &#64;Override protected void receive(String text) { send(text); }
 * }
 * </pre>
 *
 * <p>Lifecycle: on connect the consumer joins its {@link #groups()} and the scope's
 * {@link ConnectionGroups} (the latter only when a channel layer is configured), then {@link #connect()} runs (the
 * default accepts). Client messages reach {@link #receive(String)} or {@link #receiveBytes(byte[])};
 * layer messages reach the method their type names, except that a layer message typed {@code websocket.receive}
 * ({@code text} or {@code bytes}) is handled as a client message and one typed {@code websocket.disconnect}
 * closes the socket with its {@code code}, as in Channels. When the socket goes, for whatever reason, the
 * consumer leaves its groups and {@link #disconnect(int)} runs, always.
 *
 * <p>A handler that throws before {@link #accept()} refuses the handshake with HTTP 500; after accept,
 * the socket closes with 1011 and the reason "internal error" (the exception's message instead, cut to 123 bytes,
 * when the scope has {@link Scope#DEBUG}). Either way the error is logged with the path.
 */
public abstract class WebsocketConsumer extends BaseConsumer {
    private static final Logger log = LoggerFactory.getLogger(WebsocketConsumer.class);

    private enum State { CONNECTING, ACCEPTED, CLOSED }

    private State state = State.CONNECTING;
    private List<String> joined = List.of();
    private List<String> present = List.of();
    private Replays replays; // null until a history is replayed

    /** Creates the consumer; the framework makes one per connection. */
    protected WebsocketConsumer() {
    }

    @Override
    final void onEvent(Event event) {
        if (event instanceof Message message) {
            event = ProtocolMessages.asEvent(message, "websocket.");
            if (event instanceof Event.WebsocketDisconnect disconnect) {
                // sent through the layer, so the socket is still open: close it, then end as for the client's own
                int code = disconnect.code();
                close(sendable(code) ? code : CloseCodes.NORMAL, disconnect.reason());
            }
        }
        if (event instanceof Event.WebsocketDisconnect disconnect) {
            disconnected(disconnect.code());
            return;
        }
        try {
            if (event instanceof Event.WebsocketReceive frame) {
                if (frame.text() != null) {
                    receive(frame.text());
                } else {
                    receiveBytes(frame.bytes());
                }
            } else if (event instanceof Message closing && ConnectionClose.TYPE.equals(closing.type())) {
                close(((Number) closing.get("code")).intValue(), String.valueOf(closing.get("reason")));
            } else if (event instanceof Message message) {
                if (isUnhandledPresence(message)) {
                    return; // presence events are news a consumer may ignore by having no handler
                }
                if (replays == null || replays.fresh(message)) {
                    dispatch(message);
                }
            } else if (event instanceof Event.WebsocketConnect) {
                joinGroups();
                connect();
            }
        } catch (Throwable t) {
            failed(event, t);
        }
    }

    private void joinGroups() {
        List<String> groups = groups();
        if (!groups.isEmpty()) {
            channelLayer(); // declared groups without a layer are a configuration error, reported by name
        }
        if (!hasChannelLayer()) {
            return;
        }
        List<String> fromScope = ConnectionGroups.of(scope());
        if (!fromScope.isEmpty()) {
            List<String> all = new ArrayList<>(groups);
            fromScope.stream().filter(g -> !all.contains(g)).forEach(all::add);
            groups = all;
        }
        for (String group : groups) {
            channelLayer().groupAdd(group, channelName());
        }
        joined = List.copyOf(groups);
        trackPresence();
    }

    private void trackPresence() {
        PresenceTracker tracker = channelLayer().presenceTracker().orElse(null);
        if (tracker == null) {
            return;
        }
        List<String> tracked = new ArrayList<>();
        PresenceIdentity identity = null;
        for (String group : joined) {
            if (tracker.tracks(group)) {
                if (identity == null) {
                    identity = presenceIdentity();
                }
                tracker.join(group, channelName(), identity);
                tracked.add(group);
                present = List.copyOf(tracked);
            }
        }
    }

    private boolean isUnhandledPresence(Message message) {
        String type = message.type();
        return type != null && type.startsWith("presence.") && !HandlerTable.of(getClass()).handles(type);
    }

    private void disconnected(int code) {
        state = State.CLOSED;
        try {
            for (String group : present) {
                try {
                    channelLayer().presenceTracker().ifPresent(t -> t.leave(group, channelName()));
                } catch (RuntimeException e) {
                    log.warn("{} on {} could not leave the presence of group '{}'", name(), scope().path(), group, e);
                }
            }
            for (String group : joined) {
                try {
                    channelLayer().groupDiscard(group, channelName());
                } catch (RuntimeException e) {
                    log.warn("{} on {} could not leave group '{}'", name(), scope().path(), group, e);
                }
            }
            disconnect(code);
        } catch (Throwable t) {
            log.error("{} failed in disconnect on {}", name(), scope().path(), t);
        } finally {
            end();
        }
    }

    private void failed(Event event, Throwable t) {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        log.error("{} failed handling {} on {}", name(), event.type(), scope().path(), t);
        // the client learns what failed only from a server in debug mode: messages may hold internal details
        boolean debug = scope().find(Scope.DEBUG).orElse(false);
        if (state == State.CONNECTING) {
            state = State.CLOSED;
            emit(new Event.WebsocketReject(500, debug ? "Internal Server Error: " + describe(t) : "Internal Server Error"));
        } else if (state == State.ACCEPTED) {
            close(CloseCodes.INTERNAL_ERROR, debug ? describe(t) : "internal error");
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * Hands this consumer every message of {@code group}'s history after {@code since}, in order, through the
     * handlers their types name, as if they arrived now; the live messages that follow continue exactly after
     * them, with none twice. Call it after {@link #accept()}, typically in {@link #connect()}; the group must be
     * one of {@link #groups()}, joined first so that nothing sent during the replay is missed.
     *
     * @throws HistoryGap when the history cannot continue from {@code since} (another epoch, or messages after it
     *     are no longer kept); nothing was replayed: tell the client, then {@link #replayLatest} for example
     * @throws IllegalStateException when the group is not joined or keeps no history
     */
    protected final void replaySince(String group, HistoryPosition since) throws HistoryGap {
        HistoryPage page = readHistory(group, java.util.Objects.requireNonNull(since, "since"), 0);
        if (page.gap()) {
            throw new HistoryGap(group, since, page.top());
        }
        replay(page);
    }

    /**
     * Hands this consumer the last {@code limit} messages of {@code group}'s history, oldest first, then the live
     * ones after them, none twice; returns the position it is now at (offset 0 when the group has none yet).
     *
     * @throws IllegalStateException when the group is not joined or keeps no history
     */
    protected final HistoryPosition replayLatest(String group, int limit) {
        HistoryPage page = readHistory(group, null, limit);
        replay(page);
        return page.top();
    }

    private HistoryPage readHistory(String group, HistoryPosition since, int limit) {
        if (!joined.contains(group)) {
            throw new IllegalStateException(name() + " cannot replay group '" + group + "': it has not joined it; list it in groups()"
                    + " so that it is joined before the history is read.");
        }
        if (channelLayer().historyPolicy(group) == null) {
            throw new IllegalStateException(name() + " cannot replay group '" + group + "': it keeps no history; configure one on the"
                    + " layer's builder, e.g. .history(\"" + group + "\", HistoryPolicy.keep(100, Duration.ofHours(24))).");
        }
        return channelLayer().history(group, since, limit);
    }

    private void replay(HistoryPage page) {
        if (replays == null) {
            replays = new Replays();
        }
        // live messages up to the top are in the page, or were before `since`: either way, already had
        replays.delivered(page.top());
        for (Message message : page.messages()) {
            try {
                dispatch(message);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(name() + " failed handling replayed '" + message.type() + "'", t);
            }
        }
    }

    /** The groups this consumer joins before {@link #connect()} and leaves on disconnect; none by default. */
    protected List<String> groups() {
        return List.of();
    }

    /**
     * Who this connection is in the presence of its groups that track it: all connections with the same user id
     * count as one user. By default each connection is its own user (its channel name); override to return the
     * signed-in user's id and a small meta, e.g. {@code PresenceIdentity.of(scope().get(Auth.USER).username())}.
     */
    protected PresenceIdentity presenceIdentity() {
        return PresenceIdentity.of(channelName());
    }

    /** Decides whether to accept the connection; the default accepts. Call {@link #accept()}, {@link #close()} or {@link #reject}. */
    protected void connect() throws Exception {
        accept();
    }

    /** A text message from the client; ignored by default. */
    protected void receive(String text) throws Exception {
    }

    /** A binary message from the client; ignored by default. */
    protected void receiveBytes(byte[] bytes) throws Exception {
    }

    /** The socket is gone, with this close code; the consumer has left its groups. Runs exactly once. */
    protected void disconnect(int code) throws Exception {
    }

    /** Accepts the handshake with no subprotocol. */
    protected final void accept() {
        accept(null, Headers.EMPTY);
    }

    /** Accepts the handshake with {@code subprotocol}, which must be one the client offered. */
    protected final void accept(String subprotocol) {
        accept(subprotocol, Headers.EMPTY);
    }

    /**
     * Accepts the handshake with a subprotocol (or null) and extra response headers.
     *
     * @throws IllegalStateException when already accepted or closed
     * @throws IllegalArgumentException when the client did not offer {@code subprotocol}
     */
    protected final void accept(String subprotocol, Headers headers) {
        if (state != State.CONNECTING) {
            throw new IllegalStateException(name() + " cannot accept: the connection is already " + state.name().toLowerCase() + ".");
        }
        if (subprotocol != null && !scope().subprotocols().contains(subprotocol)) {
            throw new IllegalArgumentException("Subprotocol '" + subprotocol + "' was not offered by the client (offered: " + scope().subprotocols() + ").");
        }
        state = State.ACCEPTED;
        emit(new Event.WebsocketAccept(subprotocol, headers));
    }

    /** Whether the handshake has been accepted and the socket not closed. */
    protected final boolean accepted() {
        return state == State.ACCEPTED;
    }

    /**
     * Sends a text message.
     *
     * @throws IllegalStateException before {@link #accept()}
     */
    protected final void send(String text) {
        if (checkOpen()) {
            emit(Event.WebsocketSend.text(text));
        }
    }

    /**
     * Sends a text message with a {@link Delivery} other than reliable, e.g. {@code Delivery.latest("price")}.
     *
     * @throws IllegalStateException before {@link #accept()}
     */
    protected final void send(String text, Delivery delivery) {
        if (checkOpen()) {
            emit(Event.WebsocketSend.text(text).with(delivery));
        }
    }

    /** Sends an already-encoded event (the JSON consumer's shared group frames). */
    final void sendEncoded(Event.WebsocketSend send) {
        if (checkOpen()) {
            emit(send);
        }
    }

    /**
     * Sends a binary message.
     *
     * @throws IllegalStateException before {@link #accept()}
     */
    protected final void sendBytes(byte[] bytes) {
        if (checkOpen()) {
            emit(Event.WebsocketSend.bytes(bytes));
        }
    }

    private boolean checkOpen() {
        if (state == State.CONNECTING) {
            throw new IllegalStateException(name() + " cannot send: the socket has not been accepted; call accept() in connect() first.");
        }
        return state == State.ACCEPTED; // after close, late group messages are dropped quietly
    }

    /** Closes with 1000; before accept this refuses the handshake with HTTP 403. */
    protected final void close() {
        close(CloseCodes.NORMAL, "");
    }

    /** Closes with {@code code}; before accept this refuses the handshake with HTTP 403. */
    protected final void close(int code) {
        close(code, "");
    }

    /**
     * Closes with {@code code} and a short {@code reason} that reaches the client (at most 123 UTF-8
     * bytes; longer reasons are cut). Before accept this refuses the handshake with HTTP 403.
     */
    protected final void close(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        emit(new Event.WebsocketClose(code, truncate(reason == null ? "" : reason)));
    }

    /**
     * Refuses the handshake with an HTTP status (403, 401, 429, ...) and a short text body.
     *
     * @throws IllegalStateException after accept: close the socket instead
     */
    protected final void reject(int status, String body) {
        if (state == State.ACCEPTED) {
            throw new IllegalStateException(name() + " cannot reject an accepted socket; use close(code, reason).");
        }
        if (state == State.CONNECTING) {
            state = State.CLOSED;
            emit(new Event.WebsocketReject(status, body == null ? "" : body));
        }
    }

    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The longest prefix of {@code reason} that fits RFC 6455's 123 bytes, never splitting a character. */
    static String truncate(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= 123) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > 123) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint); // a surrogate pair is one character of four bytes
        }
        return reason.substring(0, end);
    }
}
