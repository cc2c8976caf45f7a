package io.channels4j.core.presence;

import io.channels4j.core.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's presence: it writes its own members' entries to the {@link PresenceStore}, merges every node's
 * entries, and sends its own members {@code presence.join}, {@code presence.leave} and {@code presence.count}.
 * A layer owns one and closes it with itself; consumers reach it through
 * {@link io.channels4j.core.ChannelLayer#presenceTracker()}.
 *
 * <p>No flapping: a user whose last connection drops is announced as leaving only after the group's grace
 * period. No ghosts: every node heartbeats its liveness, and each sweep drops the entries of nodes that stopped,
 * announcing their users as leaving within the node timeout. No storms: above the policy's threshold members get
 * one {@code presence.count} a second at most, not one event per join.
 */
public final class PresenceTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);
    private static final java.time.Duration TICK = java.time.Duration.ofMillis(250);

    private final String node;
    private final PresenceSettings settings;
    private final PresenceStore store;
    private final Outbox sink;
    private final NodePresence state;
    private final PresenceUpkeep upkeep;
    private long nextHeartbeat;
    private volatile boolean halted;
    private final Ticker.Ticks ticks;

    /**
     * Starts tracking for node {@code node}: a first heartbeat, so other nodes see this one alive before any of
     * its entries, then the ticker.
     *
     * @param sink hands a message to one of this node's consumers' channels; must not block
     */
    public PresenceTracker(String node, PresenceSettings settings, PresenceStore store, BiConsumer<String, Message> sink) {
        this.node = Objects.requireNonNull(node, "node");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = new Outbox(Objects.requireNonNull(sink, "sink"));
        this.state = new NodePresence(node);
        this.upkeep = new PresenceUpkeep(state, settings, store);
        store.heartbeat(node, Set.of(), settings.liveness());
        this.nextHeartbeat = now() + settings.heartbeatInterval().toMillis();
        this.ticks = settings.ticker().start(this::tick, TICK);
    }

    /** Whether {@code group} tracks presence. */
    public boolean tracks(String group) {
        return settings.policy(group).isPresent();
    }

    /** This node's id in the store. */
    public String node() {
        return node;
    }

    /**
     * Adds a local connection to {@code group}'s presence; its user's arrival is announced to the group unless
     * the user was already present (another tab, another node, or within the grace period).
     */
    public void join(String group, String channel, PresenceIdentity identity) {
        Optional<PresencePolicy> policy = settings.policy(group);
        if (policy.isEmpty() || halted) {
            return;
        }
        try {
            joinTracked(group, policy.get(), channel, identity);
        } finally {
            sink.flush();
        }
    }

    private void joinTracked(String group, PresencePolicy policy, String channel, PresenceIdentity identity) {
        synchronized (state.writes) {
            GroupPresence presence;
            PresenceEntry entry;
            synchronized (state.lock) {
                presence = state.groups.computeIfAbsent(group, g -> new GroupPresence(g, policy, sink));
                String user = presence.connect(channel, identity);
                entry = presence.localEntry(node, user, state.nextSeq());
                presence.apply(entry, now());
            }
            try {
                if (!presence.loaded) {
                    store.watch(node, group, change -> remote(group, change));
                    load(group, presence);
                    presence.loaded = true;
                }
                store.write(group, entry);
            } catch (RuntimeException e) {
                undo(group, presence, channel, identity.user());
                throw e;
            }
        }
    }

    // a connection whose presence could not be written is not present, here or anywhere
    private void undo(String group, GroupPresence presence, String channel, String user) {
        boolean last;
        synchronized (state.lock) {
            presence.disconnect(channel);
            presence.apply(presence.localEntry(node, user, state.nextSeq()), now());
            last = !presence.hasLocalMembers();
            if (last) {
                state.groups.remove(group, presence);
            }
        }
        state.unsynced.add(Map.entry(group, user));
        if (last) {
            try {
                store.unwatch(node, group);
            } catch (RuntimeException ignored) {
                // the store is unreachable: nothing to stop watching that will still deliver
            }
        }
    }

    /** Removes a local connection from {@code group}'s presence; its user leaves after the grace period if it was the last. */
    public void leave(String group, String channel) {
        if (halted) {
            return;
        }
        try {
            leaveTracked(group, channel);
        } finally {
            sink.flush();
        }
    }

    private void leaveTracked(String group, String channel) {
        synchronized (state.writes) {
            PresenceEntry entry;
            boolean last;
            synchronized (state.lock) {
                GroupPresence presence = state.groups.get(group);
                String user = presence == null ? null : presence.disconnect(channel);
                if (user == null) {
                    return;
                }
                entry = presence.localEntry(node, user, state.nextSeq());
                presence.apply(entry, now());
                last = !presence.hasLocalMembers();
                if (last) {
                    state.groups.remove(group); // no one here to tell any more
                }
            }
            try {
                store.write(group, entry);
            } catch (RuntimeException e) {
                state.unsynced.add(Map.entry(group, entry.user())); // the next heartbeat writes it again
                throw e;
            }
            if (last) {
                store.unwatch(node, group);
            }
        }
    }

    /** The users present in {@code group}, each once, across every node; read from the store when no member is here. */
    public List<PresenceMember> members(String group) {
        synchronized (state.lock) {
            GroupPresence presence = state.groups.get(group);
            if (presence != null && presence.loaded) {
                return presence.members();
            }
        }
        GroupPresence snapshot = new GroupPresence(group, settings.policy(group).orElse(PresencePolicy.track()), (c, m) -> { });
        load(group, snapshot);
        return snapshot.members();
    }

    /** Stops heartbeats and events without removing anything, as a killed process would; for tests of dead nodes. */
    public void halt() {
        halted = true;
        ticks.close();
    }

    /** Removes this node's entries and liveness, so other nodes announce its users' leaves after the grace period. */
    @Override
    public void close() {
        if (halted) {
            return;
        }
        halted = true;
        ticks.close();
        try {
            synchronized (state.writes) {
                List<Map.Entry<String, PresenceEntry>> gone = new ArrayList<>();
                synchronized (state.lock) {
                    state.groups.forEach((group, presence) -> presence.localUsers()
                            .forEach(user -> gone.add(Map.entry(group, new PresenceEntry(node, user, state.nextSeq(), 0, Map.of())))));
                    state.groups.clear();
                }
                gone.forEach(e -> store.write(e.getKey(), e.getValue()));
                store.goodbye(node);
            }
        } catch (RuntimeException e) {
            log.warn("Presence of node {} not removed on close; other nodes will drop it within {}", node, settings.nodeTimeout(), e);
        }
    }

    /** The timed work: heartbeat and sweep when due, grace periods, throttled counts. */
    void tick() {
        if (halted) {
            return;
        }
        try {
            long now = now();
            if (now >= nextHeartbeat) {
                nextHeartbeat = now + settings.heartbeatInterval().toMillis();
                upkeep.heartbeat();
                upkeep.sweep();
            }
            synchronized (state.lock) {
                state.groups.values().forEach(presence -> presence.tick(now()));
            }
        } catch (RuntimeException e) {
            log.warn("Presence tick of node {} failed; retrying on the next", node, e);
        } finally {
            sink.flush();
        }
    }

    private void load(String group, GroupPresence presence) {
        List<PresenceEntry> entries = store.read(group);
        Set<String> nodes = new HashSet<>();
        entries.forEach(e -> nodes.add(e.node()));
        nodes.remove(node);
        Set<String> alive = nodes.isEmpty() ? Set.of() : store.alive(nodes);
        List<PresenceEntry> dead = new ArrayList<>();
        synchronized (state.lock) {
            for (PresenceEntry entry : entries) {
                if (entry.node().equals(node)) {
                    continue; // this node's own entries are known first-hand
                }
                if (alive.contains(entry.node())) {
                    presence.applyQuietly(entry, now());
                } else {
                    dead.add(entry);
                }
            }
        }
        if (!dead.isEmpty()) {
            store.forget(group, dead);
        }
    }

    private void remote(String group, PresenceEntry entry) {
        if (halted || entry.node().equals(node)) {
            return;
        }
        synchronized (state.lock) {
            GroupPresence presence = state.groups.get(group);
            if (presence != null) {
                presence.apply(entry, now());
            }
        }
        sink.flush();
    }

    private long now() {
        return settings.clock().millis();
    }

    @Override
    public String toString() {
        return "PresenceTracker[node " + node + ", " + settings + "]";
    }
}
