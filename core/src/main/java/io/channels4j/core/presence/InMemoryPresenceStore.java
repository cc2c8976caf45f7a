package io.channels4j.core.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Presence kept in this process. One store per in-memory layer by default; give several layers the same store
 * and they behave as nodes of one app (what tests of several nodes need).
 * <pre>
 * InMemoryPresenceStore shared = new InMemoryPresenceStore(clock);
 * InMemoryChannelLayer a = InMemoryChannelLayer.builder().presence(settings).presenceStore(shared).build();
 * </pre>
 */
public final class InMemoryPresenceStore implements PresenceStore {
    private final Clock clock;
    private final Map<String, Map<String, PresenceEntry>> groups = new ConcurrentHashMap<>(); // group -> node|user -> entry
    private final Map<String, Long> aliveUntil = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Consumer<PresenceEntry>>> watchers = new ConcurrentHashMap<>(); // group -> node -> listener

    /** A store on the system clock. */
    public InMemoryPresenceStore() {
        this(Clock.systemUTC());
    }

    /** A store whose liveness follows {@code clock}; tests pass the clock they move. */
    public InMemoryPresenceStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void write(String group, PresenceEntry entry) {
        String key = entry.node() + '|' + entry.user();
        if (entry.connections() > 0) {
            groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(key, entry);
        } else {
            groups.computeIfPresent(group, (g, entries) -> {
                entries.remove(key);
                return entries.isEmpty() ? null : entries;
            });
        }
        watchers.getOrDefault(group, Map.of()).forEach((node, listener) -> {
            if (!node.equals(entry.node())) {
                listener.accept(entry);
            }
        });
    }

    @Override
    public List<PresenceEntry> read(String group) {
        return new ArrayList<>(groups.getOrDefault(group, Map.of()).values());
    }

    @Override
    public void watch(String node, String group, Consumer<PresenceEntry> changes) {
        watchers.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(node, changes);
    }

    @Override
    public void unwatch(String node, String group) {
        watchers.computeIfPresent(group, (g, byNode) -> {
            byNode.remove(node);
            return byNode.isEmpty() ? null : byNode;
        });
    }

    @Override
    public boolean heartbeat(String node, Set<String> groups, Duration ttl) {
        long now = clock.millis();
        Long before = aliveUntil.put(node, now + ttl.toMillis());
        return before == null || before < now;
    }

    @Override
    public Set<String> alive(Collection<String> nodes) {
        long now = clock.millis();
        Set<String> alive = new HashSet<>();
        for (String node : nodes) {
            Long until = aliveUntil.get(node);
            if (until != null && until >= now) {
                alive.add(node);
            }
        }
        return alive;
    }

    @Override
    public void forget(String group, Collection<PresenceEntry> entries) {
        Map<String, PresenceEntry> all = groups.get(group);
        if (all != null) {
            entries.forEach(e -> all.remove(e.node() + '|' + e.user(), e));
        }
    }

    @Override
    public void goodbye(String node) {
        aliveUntil.remove(node);
    }
}
