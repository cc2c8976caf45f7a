package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.DeferredInstance;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cookies, sessions and authentication in one middleware, as Channels' {@code AuthMiddlewareStack}. The
 * session is loaded and the user resolved off the IO thread, in one step.
 * <pre>
 * Application app = AuthMiddlewareStack.withDefaults().wrap(router);              // demo: in-memory, generated secret
 * Middleware auth = AuthMiddlewareStack.builder().secret(secret).sessionStore(store)
 *         .userResolver(users).jwt(jwt).build();                                    // configured
 * Application app = auth.wrap(router);
 * </pre>
 * The stack owns the thread that closes sockets whose token or session expired: close it with the server.
 */
public final class AuthMiddlewareStack implements Middleware, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthMiddlewareStack.class);

    private final CookieMiddleware cookies = new CookieMiddleware();
    private final SessionMiddleware sessions;
    private final AuthMiddleware auth;

    private AuthMiddlewareStack(Builder b) {
        this.sessions = new SessionMiddleware(b.store, b.secret, new SessionCookie(b.cookieName, b.sessionAge, b.sameSite, b.secureCookie, b.clock));
        this.auth = new AuthMiddleware(b.users, b.jwt, b.clock, b.sessionRecheck);
    }

    /** Starts a configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one line for a demo: in-memory sessions and a secret generated for this process (logged as a
     * warning: sessions then survive neither a restart nor a second node), trusting user ids, no JWT.
     */
    public static AuthMiddlewareStack withDefaults() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        log.warn("AuthMiddlewareStack.withDefaults: using a generated secret and in-memory sessions; sessions will not survive a"
                + " restart or work across nodes. Configure AuthMiddlewareStack.builder().secret(...) for production.");
        return builder().secret(Base64.getEncoder().encodeToString(random)).build();
    }

    @Override
    public Application wrap(Application inner) {
        Application authenticated = SessionMiddleware.guarded(auth.watching(inner));
        Application stacked = new WrappingApplication("AuthMiddlewareStack", authenticated) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                SessionMiddleware.Loaded loaded = new SessionMiddleware.Loaded();
                return DeferredInstance.open(scope, sessions.sender(scope, loaded, sender), authenticated, s -> {
                    Scope withSession = loaded.set(sessions.load(s));
                    return withSession.has(SessionMiddleware.STORE_UNAVAILABLE) ? withSession : auth.authenticate(withSession);
                });
            }
        };
        return cookies.wrap(stacked);
    }

    /** Stops the token and session expiry watch; the session store and JWT authenticator belong to whoever built them. */
    @Override
    public void close() {
        auth.close();
    }

    /** Settings for the stack; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private String secret;
        private SessionStore store = new InMemorySessionStore();
        private UserResolver users = UserResolver.TRUSTING;
        private JwtAuthenticator jwt;
        private String cookieName = "sessionid";
        private Duration sessionAge = Duration.ofDays(14);
        private SameSite sameSite = SameSite.LAX;
        private boolean secureCookie;
        private Clock clock = Clock.systemUTC();
        private Duration sessionRecheck = AuthMiddleware.DEFAULT_SESSION_RECHECK;

        private Builder() {
        }

        /** The secret that signs session cookies: at least 32 characters. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** Where sessions live (default in memory). */
        public Builder sessionStore(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How user ids become users (default: trust the id). */
        public Builder userResolver(UserResolver users) {
            this.users = Objects.requireNonNull(users, "users");
            return this;
        }

        /** Accepts JWT bearer tokens verified by {@code jwt} (default: no tokens). */
        public Builder jwt(JwtAuthenticator jwt) {
            this.jwt = jwt;
            return this;
        }

        /** The session cookie's name (default {@code sessionid}). */
        public Builder sessionCookieName(String name) {
            this.cookieName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** How long a session lives without being saved again (default 14 days, as Django). */
        public Builder sessionAge(Duration age) {
            this.sessionAge = Objects.requireNonNull(age, "age");
            return this;
        }

        /** The session cookie's {@code SameSite} (default {@link SameSite#LAX}); {@code NONE} needs {@link #sessionCookieSecure}. */
        public Builder sessionCookieSameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /** Marks the session cookie Secure on every response, not only over TLS (e.g. behind a TLS-terminating proxy). */
        public Builder sessionCookieSecure(boolean secure) {
            this.secureCookie = secure;
            return this;
        }

        /**
         * How often a session with open WebSockets is read again (default 60 s, one store read per session however
         * many sockets it has): a session deleted in the store directly closes its sockets within this interval.
         */
        public Builder sessionRecheck(Duration interval) {
            this.sessionRecheck = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * The clock for the cookie's {@code Expires} and for closing sockets at their session's expiry, for tests
         * (default the system clock; with a JWT authenticator, its clock times both tokens and sessions).
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The stack.
         *
         * @throws ImproperlyConfiguredException listing every problem
         */
        public AuthMiddlewareStack build() {
            List<String> problems = new ArrayList<>();
            if (secret == null) {
                problems.add("AuthMiddlewareStack needs a secret: call secret(...) with 32 or more characters (e.g. from SECRET_KEY).");
            } else if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                problems.add("The session secret is " + secret.length() + " characters; use at least 32.");
            }
            if (!cookieName.matches("[A-Za-z0-9_-]+")) {
                problems.add("Session cookie name '" + cookieName + "' must be letters, digits, '_' or '-'.");
            }
            if (sessionAge.isNegative() || sessionAge.isZero()) {
                problems.add("sessionAge must be positive, got " + sessionAge + ".");
            }
            if (sessionRecheck.isNegative() || sessionRecheck.isZero()) {
                problems.add("sessionRecheck must be positive, got " + sessionRecheck + ".");
            }
            if (sameSite == SameSite.NONE && !secureCookie) {
                problems.add("Session cookie SameSite=None needs Secure (browsers drop such a cookie without it): call"
                        + " sessionCookieSecure(true) and serve over HTTPS, or use SameSite.LAX or STRICT.");
            }
            if (!problems.isEmpty()) {
                throw new ImproperlyConfiguredException(problems);
            }
            return new AuthMiddlewareStack(this);
        }
    }
}
