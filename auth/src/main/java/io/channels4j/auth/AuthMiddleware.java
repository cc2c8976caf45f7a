package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ConnectionGroups;
import io.channels4j.core.DeferredInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.ScopeKey;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the connection's {@link User} in {@link Auth#USER}. The user comes from, in order: the session's
 * user id, an {@code Authorization: Bearer} JWT, the {@code bearer} subprotocol pair (a browser offers
 * {@code bearer} and the token as two subprotocols; the token is removed from the scope and the server
 * answers {@code bearer}, never the token), then a {@code token} query parameter. Anything else is the
 * anonymous user. Authenticated connections join their user's group ({@link Auth#userGroup}); a
 * token-authenticated WebSocket is closed with 4401 when its token expires (its {@code exp} plus the
 * authenticator's clock skew, by the authenticator's clock, as at the handshake). A WebSocket signed in by its
 * session is closed with 4401 {@code signed out} when the session expires in the store, unless it was saved again,
 * or within the re-check interval (default 60 s) of its deletion in the store. The expiry watch is a thread
 * started by the first such socket; {@link #close()} stops it.
 */
public final class AuthMiddleware implements Middleware, AutoCloseable {
    /** The subprotocol a client offers beside its token. */
    public static final String BEARER_SUBPROTOCOL = "bearer";
    private static final ScopeKey<Boolean> BEARER_OFFERED = ScopeKey.of("bearer subprotocol", Boolean.class);

    /** How often a session with open sockets is read again by default, to notice its deletion in the store. */
    public static final Duration DEFAULT_SESSION_RECHECK = Duration.ofSeconds(60);

    private final UserResolver users;
    private final JwtAuthenticator jwt;
    private final TokenExpiry expiry;
    private final SessionExpiry sessionExpiry;

    /** Resolves users with {@code users}; verifies tokens with {@code jwt}, or ignores tokens when it is null. */
    public AuthMiddleware(UserResolver users, JwtAuthenticator jwt) {
        this(users, jwt, Clock.systemUTC(), DEFAULT_SESSION_RECHECK);
    }

    /**
     * As {@link #AuthMiddleware(UserResolver, JwtAuthenticator)}, timing session expiry by {@code clock} (the
     * authenticator's clock when there is one, so that one thread keeps one time) and re-reading sessions every {@code recheck}.
     */
    AuthMiddleware(UserResolver users, JwtAuthenticator jwt, Clock clock, Duration recheck) {
        this.users = users;
        this.jwt = jwt;
        this.expiry = new TokenExpiry(jwt == null ? clock : jwt.clock());
        this.sessionExpiry = new SessionExpiry(expiry, recheck);
    }

    /** Stops the expiry watch; sockets already open stay open but are no longer closed at expiry. */
    @Override
    public void close() {
        expiry.close();
    }

    @Override
    public Application wrap(Application inner) {
        return DeferredInstance.preparing("AuthMiddleware", watching(inner), this::authenticate);
    }

    /** Opens {@code inner} with an expiry watch and the bearer answer, for a scope already authenticated. */
    Application watching(Application inner) {
        return WrappingApplication.of(inner, (scope, sender) -> {
            Sender answering = scope.has(BEARER_OFFERED) ? bearerAnswering(sender) : sender;
            ApplicationInstance instance = inner.open(scope, answering);
            User user = scope.get(Auth.USER);
            if (scope.type() == Scope.Type.WEBSOCKET && user.method() == User.Method.TOKEN && user.expiresAt().isPresent()) {
                expiry.watch(jwt.validUntil(user.expiresAt().get()), answering, instance.finished());
            }
            if (scope.type() == Scope.Type.WEBSOCKET && user.method() == User.Method.SESSION) {
                Session session = scope.get(Auth.SESSION);
                String id = session.id();
                if (id != null) {
                    sessionExpiry.watch(session.store(), id, answering, instance.finished());
                }
            }
            return instance;
        });
    }

    /**
     * The scope with its user; blocking (the user resolver may query a database).
     *
     * @throws IllegalStateException when there is no session in the scope
     */
    Scope authenticate(Scope scope) {
        Session session = scope.find(Auth.SESSION).orElseThrow(() -> new IllegalStateException(
                "AuthMiddleware found no session in the scope: wrap it in SessionMiddleware, or use AuthMiddlewareStack."));
        User user = User.anonymous();
        Object sessionUser = session.get(Auth.SESSION_USER_ID);
        if (sessionUser instanceof String id) {
            user = users.resolve(id).map(u -> u.authenticatedBy(User.Method.SESSION, null)).orElse(User.anonymous());
        }
        if (user.isAnonymous() && jwt != null) {
            Optional<String> header = scope.headers().first("Authorization")
                    .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
            if (header.isPresent()) {
                user = fromToken(header.get());
            } else if (scope.subprotocols().contains(BEARER_SUBPROTOCOL)) {
                String token = tokenBesideBearer(scope.subprotocols());
                scope = withoutToken(scope, token);
                user = token == null ? User.anonymous() : fromToken(token);
            } else if (scope.queryParam("token").isPresent()) {
                user = fromToken(scope.queryParam("token").get());
            }
        }
        if (user.isAuthenticated()) {
            scope = ConnectionGroups.add(scope, Auth.userGroup(user.username()));
        }
        if (user.method() == User.Method.SESSION && scope.type() == Scope.Type.WEBSOCKET && session.id() != null) {
            scope = ConnectionGroups.add(scope, Auth.sessionGroup(session.id())); // so that signing out reaches its sockets
        }
        return scope.with(Auth.USER, user);
    }

    private User fromToken(String token) {
        return jwt.verify(token)
                .flatMap(verified -> users.resolve(verified.subject()).map(u -> u.authenticatedBy(User.Method.TOKEN, verified.expiresAt())))
                .orElse(User.anonymous());
    }

    private static String tokenBesideBearer(List<String> offered) {
        for (String protocol : offered) {
            if (!protocol.equals(BEARER_SUBPROTOCOL)) {
                return protocol;
            }
        }
        return null;
    }

    // the token must not stay where a consumer could echo it as its accepted subprotocol, or a log could print it
    private static Scope withoutToken(Scope scope, String token) {
        List<String> remaining = new ArrayList<>(scope.subprotocols());
        remaining.remove(token);
        Headers headers = scope.headers().toBuilder().set("Sec-WebSocket-Protocol", String.join(", ", remaining)).build();
        return scope.toBuilder().headers(headers).subprotocols(remaining).build().with(BEARER_OFFERED, Boolean.TRUE);
    }

    private static Sender bearerAnswering(Sender sender) {
        return event -> {
            if (event instanceof Event.WebsocketAccept accept && accept.subprotocol() == null) {
                event = new Event.WebsocketAccept(BEARER_SUBPROTOCOL, accept.headers());
            }
            sender.send(event);
        };
    }
}
