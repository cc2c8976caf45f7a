package io.channels4j.auth;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.CloseCodes;
import io.channels4j.core.ConnectionClose;
import io.channels4j.core.Message;
import io.channels4j.core.Scope;
import io.channels4j.core.ScopeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The user and session in a connection's scope, and Channels' {@code login}/{@code logout} helpers.
 * <pre>
 * User user = scope().get(Auth.USER);
 * Auth.login(scope(), User.of("alice"));          // rotates the session id, saved with the response
 * Auth.sendToUser(channelLayer(), "alice", Message.of("logout.everywhere"));
 * </pre>
 */
public final class Auth {
    private static final Pattern GROUP_SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    /** The connection's user (authenticated or anonymous), set by {@link AuthMiddleware}. */
    public static final ScopeKey<User> USER = ScopeKey.of("user", User.class, "wrap the application in AuthMiddlewareStack");
    /** The connection's session, set by {@link SessionMiddleware}. */
    public static final ScopeKey<Session> SESSION = ScopeKey.of("session", Session.class,
            "wrap the application in SessionMiddleware, or use AuthMiddlewareStack");
    /** The session key that holds the signed-in user's id. */
    public static final String SESSION_USER_ID = "_auth_user_id";

    private Auth() {
    }

    /**
     * Signs {@code user} in on the connection's session: the session gets a new id (no fixation) and is
     * saved (over HTTP when the response starts, so a store outage answers 503). A session that belongs
     * to another user starts empty (as Django's {@code flush}); the same user signing in again keeps its
     * data. The scope itself is immutable, so {@code scope.get(USER)} keeps the connect-time user; an HTTP
     * response carries the new session cookie.
     */
    public static User login(Scope scope, User user) {
        if (user.isAnonymous()) {
            throw new IllegalArgumentException("Cannot log in the anonymous user; pass an authenticated User.");
        }
        Session session = scope.get(SESSION);
        Object previous = session.get(SESSION_USER_ID);
        if (previous != null && !previous.equals(user.username())) {
            session.flush(); // the previous user's data must not follow the new one
        } else {
            session.cycleId();
        }
        session.put(SESSION_USER_ID, user.username());
        if (scope.type() != Scope.Type.HTTP) {
            session.save(); // a socket has no response to save it on
        }
        return user;
    }

    /** Ends the connection's session: it is deleted from the store and its cookie cleared on HTTP. */
    public static void logout(Scope scope) {
        scope.get(SESSION).flush();
    }

    /**
     * Ends the connection's session as {@link #logout(Scope)} does, and closes every WebSocket opened with it,
     * on every node {@code layer} reaches, with 4401 and the reason {@code signed out}.
     */
    public static void logout(Scope scope, ChannelLayer layer) {
        Session session = scope.get(SESSION);
        String id = session.id();
        session.flush();
        if (id != null) {
            layer.groupSend(sessionGroup(id), ConnectionClose.of(CloseCodes.UNAUTHORIZED, "signed out"));
        }
    }

    /**
     * The group every WebSocket opened with the session {@code sessionId} joins: {@code session.} and a hash of the
     * id, so that the group name, which may be logged, never reveals a live session id.
     */
    public static String sessionGroup(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "session." + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * The group every authenticated connection of {@code username} joins: {@code user.<name>}, or a hash
     * when the name has characters group names cannot hold.
     */
    public static String userGroup(String username) {
        if (username.length() <= 80 && GROUP_SAFE.matcher(username).matches()) {
            return "user." + username;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "user.h" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Sends {@code message} to every open connection of {@code username}, on every node the layer reaches. */
    public static void sendToUser(ChannelLayer layer, String username, Message message) {
        layer.groupSend(userGroup(username), message);
    }
}
