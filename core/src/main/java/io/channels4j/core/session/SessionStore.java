package io.channels4j.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where session data lives between requests, keyed by session id. In-memory by default; a Redis store
 * lets every node of an app see the same sessions. Implementations are thread-safe; a store that cannot
 * be reached throws (any {@link RuntimeException}), and the session middleware answers 503.
 */
public interface SessionStore {
    /** The data saved under {@code sessionId}, unless it is unknown or expired. */
    Optional<Map<String, Object>> load(String sessionId);

    /** Saves {@code data} under {@code sessionId}, to expire after {@code ttl} without another save. */
    void save(String sessionId, Map<String, Object> data, Duration ttl);

    /**
     * Saves {@code data} under {@code sessionId} only if it is still stored, in one atomic step (a logout
     * on another request may delete it at any moment). False, and nothing written, when it is gone.
     */
    boolean update(String sessionId, Map<String, Object> data, Duration ttl);

    /** Forgets {@code sessionId}; unknown ids are ignored. */
    void delete(String sessionId);

    /**
     * When {@code sessionId} expires unless saved again; empty when it is unknown or expired. Sockets opened with a
     * session are closed at this instant. The default, for a store that cannot tell, is {@link Instant#MAX} for any
     * stored session: its end is then noticed only by the periodic re-check.
     */
    default Optional<Instant> expiresAt(String sessionId) {
        return load(sessionId).map(data -> Instant.MAX);
    }
}
