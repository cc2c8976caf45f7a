package io.channels4j.core.presence;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the nodes of one app meet for presence: each node's entries per group, each node's liveness, and a
 * notification when an entry changes. Implemented in memory and on Redis; calls may block on the network and
 * throw {@link io.channels4j.core.ChannelLayerException} when the backend is unreachable.
 */
public interface PresenceStore {
    /** Writes {@code entry} of its node in {@code group} (removing it when it has no connection) and tells every watcher. */
    void write(String group, PresenceEntry entry);

    /** Every entry in {@code group}, of live and dead nodes alike. */
    List<PresenceEntry> read(String group);

    /** Starts passing {@code group}'s writes by other nodes than {@code node} to {@code changes}. */
    void watch(String node, String group, Consumer<PresenceEntry> changes);

    /** Stops {@link #watch}. */
    void unwatch(String node, String group);

    /**
     * Marks {@code node} alive for {@code ttl} and keeps its {@code groups}' entries from expiring.
     *
     * @return true when the node was not alive before this call (new, or given up for dead and its entries forgotten)
     */
    boolean heartbeat(String node, Set<String> groups, Duration ttl);

    /** Which of {@code nodes} are alive: one round trip, however many. */
    Set<String> alive(Collection<String> nodes);

    /** Removes {@code entries} (of a dead node) from {@code group}, without telling watchers. */
    void forget(String group, Collection<PresenceEntry> entries);

    /** Removes {@code node}'s liveness mark: a node that shuts down cleanly. */
    void goodbye(String node);
}
