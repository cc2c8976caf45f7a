package io.channels4j.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where session data lives between requests, keyed by session id. In-memory by default; a Redis store
 * lets every node of an app see the same sessions. Implementations are thread-safe.
 */
public interface SessionStore {
    /** The data saved under {@code sessionId}, unless it is unknown or expired. */
    Optional<Map<String, Object>> load(String sessionId);

    /** Saves {@code data} under {@code sessionId}, to expire after {@code ttl} without another save. */
    void save(String sessionId, Map<String, Object> data, Duration ttl);

    /** Forgets {@code sessionId}; unknown ids are ignored. */
    void delete(String sessionId);
}
