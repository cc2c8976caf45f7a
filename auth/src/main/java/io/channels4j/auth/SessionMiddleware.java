package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.DeferredInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.ScopeKey;
import io.channels4j.core.Sender;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import io.channels4j.core.WrappingApplication;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the session named by the signed {@code sessionid} cookie into {@link Auth#SESSION}; a missing,
 * forged, tampered or unknown cookie gives a new empty session. On an HTTP response a changed session is
 * saved and its cookie set (HttpOnly, SameSite=Lax unless configured, Secure over TLS). Loading runs off
 * the IO thread. When the store cannot be reached the request gets 503 {@code {"error": "session store unavailable"}}
 * and a WebSocket handshake 503; a session deleted by a concurrent logout is never saved again (400).
 */
public final class SessionMiddleware implements Middleware {
    /** Set instead of a session when the store failed, so the connection is answered 503. */
    static final ScopeKey<Boolean> STORE_UNAVAILABLE = ScopeKey.of("session store unavailable", Boolean.class);
    private static final String UNAVAILABLE = "session store unavailable";
    private static final String DELETED = "the session was deleted by a concurrent logout; sign in again";

    private final SessionStore store;
    private final SignedIds ids;
    private final SessionCookie cookie;
    private final StoreOutage outage = new StoreOutage();

    /** Sessions in {@code store}, cookies signed with {@code secret}, named {@code cookieName}, living {@code age}. */
    public SessionMiddleware(SessionStore store, String secret, String cookieName, Duration age) {
        this(store, secret, new SessionCookie(cookieName, age, SameSite.LAX, false, Clock.systemUTC()));
    }

    SessionMiddleware(SessionStore store, String secret, SessionCookie cookie) {
        this.store = Objects.requireNonNull(store, "store");
        this.ids = new SignedIds(Objects.requireNonNull(secret, "secret"));
        this.cookie = Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public Application wrap(Application inner) {
        Application guarded = guarded(inner);
        return new WrappingApplication("SessionMiddleware", guarded) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                Loaded loaded = new Loaded();
                return DeferredInstance.open(scope, sender(scope, loaded, sender), guarded, s -> loaded.set(load(s)));
            }
        };
    }

    /** The scope once its session is loaded; the response sender reads it from another thread. */
    static final class Loaded {
        private volatile Scope scope;

        Scope set(Scope loaded) {
            scope = loaded;
            return loaded;
        }

        Scope get() {
            return scope;
        }
    }

    /**
     * The scope with its session, or marked {@link #STORE_UNAVAILABLE}; blocking (it reads the store).
     *
     * @throws IllegalStateException when cookies were not parsed first
     */
    Scope load(Scope scope) {
        if (!scope.has(Scope.COOKIES)) {
            throw new IllegalStateException("SessionMiddleware found no cookies in the scope: wrap it in CookieMiddleware,"
                    + " or use AuthMiddlewareStack.");
        }
        String id = ids.verify(scope.cookies().get(cookie.name()));
        Map<String, Object> data = null;
        if (id != null) {
            try {
                data = store.load(id).orElse(null);
                outage.succeeded();
            } catch (RuntimeException e) {
                outage.failed(e);
                return scope.with(STORE_UNAVAILABLE, Boolean.TRUE);
            }
        }
        Session session = data == null ? new Session(store, cookie.age(), null, Map.of()) : new Session(store, cookie.age(), id, data);
        return scope.with(Auth.SESSION, session);
    }

    /** {@code inner}, unless the session could not be loaded: then 503. */
    static Application guarded(Application inner) {
        return WrappingApplication.of(inner, (scope, sender) -> scope.has(STORE_UNAVAILABLE) ? unavailable(sender) : inner.open(scope, sender));
    }

    private static ApplicationInstance unavailable(Sender sender) {
        return event -> {
            if (event instanceof Event.WebsocketConnect) {
                sender.send(new Event.WebsocketReject(503, UNAVAILABLE));
            } else if (event instanceof Event.HttpRequest request && !request.moreBody()) {
                sendError(sender, 503, UNAVAILABLE, null);
            }
        };
    }

    /** A sender that, for HTTP, saves a changed session and sets its cookie on the response start. */
    Sender sender(Scope scope, Loaded loaded, Sender sender) {
        if (scope.type() != Scope.Type.HTTP) {
            return sender; // nothing to add, and nothing kept for as long as a WebSocket lives
        }
        return new Sender() {
            private volatile boolean replaced; // the response became an error: the application's own body is dropped

            @Override
            public void send(Event event) {
                if (replaced) {
                    if (!(event instanceof Event.HttpResponseBody)) {
                        sender.send(event);
                    }
                    return;
                }
                Scope loadedScope = loaded.get();
                if (event instanceof Event.HttpResponseStart start && loadedScope != null && loadedScope.has(Auth.SESSION)
                        && start.status() != 500) {
                    try {
                        event = withCookie(start, loadedScope);
                    } catch (SessionDeletedException e) {
                        replaced = true;
                        sendError(sender, 400, DELETED, cookie.delete(loadedScope.secure()));
                        return;
                    } catch (RuntimeException e) {
                        outage.failed(e);
                        replaced = true;
                        sendError(sender, 503, UNAVAILABLE, null);
                        return;
                    }
                }
                sender.send(event);
            }
        };
    }

    private Event.HttpResponseStart withCookie(Event.HttpResponseStart start, Scope scope) {
        Session session = scope.get(Auth.SESSION);
        if (session.modified()) {
            session.save();
            outage.succeeded();
        }
        if (!session.cookieChanged()) {
            return start;
        }
        String value = session.id() == null ? cookie.delete(scope.secure()) : cookie.set(ids.sign(session.id()), scope.secure());
        return new Event.HttpResponseStart(start.status(), start.headers().toBuilder().add("Set-Cookie", value).build());
    }

    private static void sendError(Sender sender, int status, String message, String setCookie) {
        byte[] body = ("{\"error\": \"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        Headers.Builder headers = Headers.of("Content-Type", "application/json", "Content-Length", String.valueOf(body.length)).toBuilder();
        if (setCookie != null) {
            headers.add("Set-Cookie", setCookie);
        }
        sender.send(new Event.HttpResponseStart(status, headers.build()));
        sender.send(new Event.HttpResponseBody(body, false));
    }
}
