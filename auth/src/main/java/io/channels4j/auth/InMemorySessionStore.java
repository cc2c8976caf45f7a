package io.channels4j.auth;

import io.channels4j.core.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The default session store: this process only, with expiry; expired entries are swept as saves happen. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger savesSinceSweep = new AtomicInteger();
    private final Clock clock;

    private record Entry(Map<String, Object> data, long expiresAt) {
    }

    /** A store on the system clock. */
    public InMemorySessionStore() {
        this(Clock.systemUTC());
    }

    /** A store on {@code clock}, for tests. */
    public InMemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Map<String, Object>> load(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAt <= clock.millis()) {
            sessions.remove(sessionId, entry);
            return Optional.empty();
        }
        return Optional.of(entry.data);
    }

    @Override
    public void save(String sessionId, Map<String, Object> data, Duration ttl) {
        sessions.put(sessionId, new Entry(Map.copyOf(data), clock.millis() + ttl.toMillis()));
        if (savesSinceSweep.incrementAndGet() >= 1000) {
            savesSinceSweep.set(0);
            long now = clock.millis();
            sessions.values().removeIf(e -> e.expiresAt <= now); // bounded memory without a timer thread
        }
    }

    @Override
    public boolean update(String sessionId, Map<String, Object> data, Duration ttl) {
        long now = clock.millis();
        Entry copy = new Entry(Map.copyOf(data), now + ttl.toMillis());
        // atomic per key: a delete either happens before (nothing written) or after (the save is lost with it)
        return sessions.computeIfPresent(sessionId, (id, old) -> old.expiresAt <= now ? null : copy) != null;
    }

    @Override
    public Optional<Instant> expiresAt(String sessionId) {
        Entry entry = sessions.get(sessionId);
        return entry == null || entry.expiresAt <= clock.millis() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(entry.expiresAt));
    }

    @Override
    public void delete(String sessionId) {
        sessions.remove(sessionId);
    }

    /** How many sessions are stored (expired ones may linger until the next sweep). */
    public int size() {
        return sessions.size();
    }
}
