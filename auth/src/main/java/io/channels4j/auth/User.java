package io.channels4j.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Who is on the other end of a connection: an authenticated user, or the anonymous user. */
public final class User {
    private static final User ANONYMOUS = new User("", Method.NONE, null);

    /** How a user was authenticated. */
    public enum Method {
        /** Not authenticated. */
        NONE,
        /** A signed session cookie. */
        SESSION,
        /** A JWT bearer token (header, subprotocol or query parameter). */
        TOKEN
    }

    private final String username;
    private final Method method;
    private final Instant expiresAt;

    private User(String username, Method method, Instant expiresAt) {
        this.username = username;
        this.method = method;
        this.expiresAt = expiresAt;
    }

    /** The anonymous user: not authenticated, empty username. */
    public static User anonymous() {
        return ANONYMOUS;
    }

    /** An authenticated user called {@code username}, authenticated by session. */
    public static User of(String username) {
        return new User(requireName(username), Method.SESSION, null);
    }

    /** The same user, authenticated by {@code method}, with the credential's expiry (null when it has none). */
    public User authenticatedBy(Method method, Instant expiresAt) {
        if (isAnonymous()) {
            return this;
        }
        return new User(username, Objects.requireNonNull(method, "method"), expiresAt);
    }

    /** The username; empty for the anonymous user. */
    public String username() {
        return username;
    }

    /** Whether the user is authenticated. */
    public boolean isAuthenticated() {
        return method != Method.NONE;
    }

    /** Whether this is the anonymous user. */
    public boolean isAnonymous() {
        return method == Method.NONE;
    }

    /** How the user was authenticated. */
    public Method method() {
        return method;
    }

    /** When the credential stops being valid: a token's {@code exp}; empty for sessions and anonymous. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof User that && that.username.equals(username) && that.method == method;
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }

    @Override
    public String toString() {
        return isAnonymous() ? "User[anonymous]" : "User[" + username + " by " + method.name().toLowerCase() + "]";
    }

    private static String requireName(String username) {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("An authenticated user needs a non-empty username; use User.anonymous() for nobody.");
        }
        return username;
    }
}
