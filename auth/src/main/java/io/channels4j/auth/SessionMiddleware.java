package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.DeferredInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the session named by the signed {@code sessionid} cookie into {@link Auth#SESSION}; a missing,
 * forged, tampered or unknown cookie gives a new empty session. On an HTTP response a changed session is
 * saved and its cookie set (HttpOnly, SameSite=Lax, Secure over TLS). Loading runs off the IO thread.
 */
public final class SessionMiddleware implements Middleware {
    private final SessionStore store;
    private final SignedIds ids;
    private final String cookieName;
    private final Duration age;

    /** Sessions in {@code store}, cookies signed with {@code secret}, named {@code cookieName}, living {@code age}. */
    public SessionMiddleware(SessionStore store, String secret, String cookieName, Duration age) {
        this.store = Objects.requireNonNull(store, "store");
        this.ids = new SignedIds(Objects.requireNonNull(secret, "secret"));
        this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
        this.age = Objects.requireNonNull(age, "age");
    }

    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication(inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                Loaded loaded = new Loaded();
                return DeferredInstance.open(scope, sender(scope, loaded, sender), inner, s -> loaded.set(load(s)));
            }

            @Override
            public String toString() {
                return "SessionMiddleware(" + inner + ")";
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
     * The scope with its session; blocking (it reads the store).
     *
     * @throws IllegalStateException when cookies were not parsed first
     */
    Scope load(Scope scope) {
        if (!scope.has(CookieMiddleware.PARSED)) {
            throw new IllegalStateException("SessionMiddleware found no cookies in the scope: wrap it in CookieMiddleware,"
                    + " or use AuthMiddlewareStack.");
        }
        String id = ids.verify(scope.cookies().get(cookieName));
        Map<String, Object> data = id == null ? null : store.load(id).orElse(null);
        Session session = data == null ? new Session(store, age, null, Map.of()) : new Session(store, age, id, data);
        return scope.with(Auth.SESSION, session);
    }

    /** A sender that, for HTTP, saves a changed session and sets its cookie on the response start. */
    Sender sender(Scope scope, Loaded loaded, Sender sender) {
        if (scope.type() != Scope.Type.HTTP) {
            return sender; // nothing to add, and nothing kept for as long as a WebSocket lives
        }
        return event -> {
            Scope loadedScope = loaded.get();
            if (event instanceof Event.HttpResponseStart && loadedScope != null && ((Event.HttpResponseStart) event).status() != 500) {
                event = withCookie((Event.HttpResponseStart) event, loadedScope);
            }
            sender.send(event);
        };
    }

    private Event.HttpResponseStart withCookie(Event.HttpResponseStart start, Scope scope) {
        Session session = scope.get(Auth.SESSION);
        if (session.modified()) {
            session.save();
        }
        if (!session.cookieChanged()) {
            return start;
        }
        String cookie = session.id() == null ? Cookies.deleteCookie(cookieName, scope.secure())
                : Cookies.setCookie(cookieName, ids.sign(session.id()), age.toSeconds(), scope.secure());
        return new Event.HttpResponseStart(start.status(), start.headers().toBuilder().add("Set-Cookie", cookie).build());
    }
}
