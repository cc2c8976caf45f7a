package io.channels4j.auth;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Sender;
import io.channels4j.core.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes WebSockets opened with a session, with 4401 {@code signed out}, once the session has expired or been
 * deleted in the store (not through {@link Auth#logout}, which reaches them at once). Each session is read from the
 * store at its expiry and at least every re-check interval, once for all its sockets, on the {@link TokenExpiry}
 * thread; a session saved again meanwhile is watched to its new expiry.
 */
final class SessionExpiry {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final TokenExpiry timer;
    private final long recheckMillis;
    private final Map<String, Watched> sessions = new ConcurrentHashMap<>();

    /** The sockets of one session, and the store to ask about it. */
    private static final class Watched {
        final SessionStore store;
        final Set<Sender> sockets = ConcurrentHashMap.newKeySet();

        Watched(SessionStore store) {
            this.store = store;
        }
    }

    SessionExpiry(TokenExpiry timer, Duration recheck) {
        this.timer = timer;
        this.recheckMillis = recheck.toMillis();
    }

    /** Closes {@code sender}'s socket when session {@code id} of {@code store} is gone, unless {@code finished} completes first. */
    void watch(SessionStore store, String id, Sender sender, CompletionStage<Void> finished) {
        boolean[] created = new boolean[1];
        Watched watched = sessions.compute(id, (key, current) -> {
            Watched w = current;
            if (w == null) {
                w = new Watched(store);
                created[0] = true;
            }
            w.sockets.add(sender);
            return w;
        });
        if (created[0]) {
            timer.at(timer.clock().millis(), () -> check(id, watched)); // the first read learns the expiry
        }
        finished.whenComplete((v, e) -> sessions.computeIfPresent(id, (key, w) -> {
            w.sockets.remove(sender);
            return w.sockets.isEmpty() ? null : w;
        }));
    }

    // on the timer thread; a check of an entry no longer in the map (its sockets all closed) ends its chain
    private void check(String id, Watched watched) {
        if (sessions.get(id) != watched) {
            return;
        }
        long now = timer.clock().millis();
        Optional<Instant> expiresAt;
        try {
            expiresAt = watched.store.expiresAt(id);
        } catch (RuntimeException e) {
            log.warn("Could not re-check a session in its store; its sockets stay open and it is read again in {} ms", recheckMillis, e);
            timer.at(now + recheckMillis, () -> check(id, watched));
            return;
        }
        long expiry = expiresAt.map(SessionExpiry::millis).orElse(Long.MIN_VALUE);
        if (expiry <= now) {
            if (sessions.remove(id, watched)) {
                for (Sender socket : watched.sockets) {
                    signOut(socket);
                }
            }
            return;
        }
        timer.at(Math.min(expiry, now + recheckMillis), () -> check(id, watched));
    }

    private static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // Instant.MAX: no known expiry
        }
    }

    private static void signOut(Sender socket) {
        try {
            socket.send(new Event.WebsocketClose(CloseCodes.UNAUTHORIZED, "signed out"));
        } catch (RuntimeException e) {
            log.warn("Could not close a connection whose session is gone", e);
        }
    }
}
