package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's session: a small map saved in a {@link SessionStore} under a signed id cookie, as
 * Django's. HTTP responses save a changed session and set the cookie; WebSocket consumers call
 * {@link #save()} themselves (a socket cannot set a cookie).
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final SessionStore store;
    private final Duration ttl;
    private Map<String, Object> data; // null while empty: most connections are anonymous and never write to it
    private String id;
    private boolean modified;
    private boolean cookieChanged;
    private boolean flushed;
    private boolean stored; // the id is in the store: a save must update it, never bring it back

    Session(SessionStore store, Duration ttl, String id, Map<String, Object> data) {
        this.store = store;
        this.ttl = ttl;
        this.id = id;
        this.stored = id != null;
        this.data = data.isEmpty() ? null : new HashMap<>(data);
    }

    /** The session id, or null for a new session not yet saved. Never log it. */
    public synchronized String id() {
        return id;
    }

    /** The store the session lives in. */
    SessionStore store() {
        return store;
    }

    /** The value under {@code key}, or null. */
    public synchronized Object get(String key) {
        return data == null ? null : data.get(key);
    }

    /** Sets a value (a string, number, boolean, or a list or map of those). */
    public synchronized void put(String key, Object value) {
        if (data == null) {
            data = new HashMap<>();
        }
        data.put(key, value);
        modified = true;
    }

    /** Removes a value. */
    public synchronized void remove(String key) {
        if (data != null && data.remove(key) != null) {
            modified = true;
        }
    }

    /** Whether the session holds nothing. */
    public synchronized boolean isEmpty() {
        return data == null || data.isEmpty();
    }

    /**
     * Saves now, creating an id when the session is new.
     *
     * @throws SessionDeletedException when the session was deleted meanwhile (a logout elsewhere); it stays deleted
     */
    public synchronized void save() {
        if (id == null) {
            id = SignedIds.newId();
            cookieChanged = true;
        }
        Map<String, Object> values = data == null ? Map.of() : data;
        if (!stored) {
            store.save(id, values, ttl);
            stored = true;
        } else if (!store.update(id, values, ttl)) {
            log.warn("Refused to save a session deleted by a concurrent logout; it stays deleted");
            throw new SessionDeletedException();
        }
        modified = false;
        flushed = false;
    }

    /** Gives the session a new id and deletes the old one, keeping the data (against session fixation). */
    public synchronized void cycleId() {
        if (id != null) {
            store.delete(id);
        }
        id = SignedIds.newId();
        stored = false;
        cookieChanged = true;
        modified = true;
    }

    /** Deletes the session and its data; the old cookie then authenticates nothing. */
    public synchronized void flush() {
        if (id != null) {
            store.delete(id);
        }
        id = null;
        stored = false;
        data = null;
        modified = false;
        cookieChanged = true;
        flushed = true;
    }

    synchronized boolean modified() {
        return modified;
    }

    synchronized boolean cookieChanged() {
        return cookieChanged;
    }

    synchronized boolean flushed() {
        return flushed;
    }

    @Override
    public synchronized String toString() {
        return "Session[" + (data == null ? "[]" : data.keySet()) + "]";
    }
}
