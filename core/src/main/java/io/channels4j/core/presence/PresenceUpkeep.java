package io.channels4j.core.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence upkeep, run by its tracker's ticker: the heartbeat that keeps it alive in the store (writing
 * again what failed or what others dropped), and the sweep that drops the entries of nodes that stopped.
 */
final class PresenceUpkeep {
    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

    private final NodePresence state;
    private final PresenceSettings settings;
    private final PresenceStore store;

    PresenceUpkeep(NodePresence state, PresenceSettings settings, PresenceStore store) {
        this.state = state;
        this.settings = settings;
        this.store = store;
    }

    void heartbeat() {
        Set<String> mine;
        synchronized (state.lock) {
            mine = new HashSet<>(state.groups.keySet());
        }
        boolean lapsed = store.heartbeat(state.node, mine, settings.liveness());
        rewriteUnsynced();
        if (lapsed && !mine.isEmpty()) {
            // other nodes gave this one up for dead (a pause, a partition) and forgot its entries: write them again
            log.warn("Presence node {} was taken for dead; writing its entries again", state.node);
            synchronized (state.writes) {
                List<Map.Entry<String, PresenceEntry>> again = new ArrayList<>();
                synchronized (state.lock) {
                    state.groups.forEach((group, presence) -> presence.localUsers()
                            .forEach(user -> again.add(Map.entry(group, presence.localEntry(state.node, user, state.nextSeq())))));
                }
                again.forEach(e -> store.write(e.getKey(), e.getValue()));
            }
        }
    }

    // writes that failed while the store was unreachable, so no other node keeps a connection that is gone
    private void rewriteUnsynced() {
        if (state.unsynced.isEmpty()) {
            return;
        }
        synchronized (state.writes) {
            for (Map.Entry<String, String> failed : List.copyOf(state.unsynced)) {
                PresenceEntry entry;
                synchronized (state.lock) {
                    GroupPresence presence = state.groups.get(failed.getKey());
                    entry = presence != null ? presence.localEntry(state.node, failed.getValue(), state.nextSeq())
                            : new PresenceEntry(state.node, failed.getValue(), state.nextSeq(), 0, Map.of());
                }
                store.write(failed.getKey(), entry);
                state.unsynced.remove(failed);
            }
        }
    }

    void sweep() {
        Set<String> nodes = new HashSet<>();
        synchronized (state.lock) {
            state.groups.values().forEach(presence -> nodes.addAll(presence.remoteNodes(state.node)));
        }
        if (nodes.isEmpty()) {
            return;
        }
        Set<String> dead = new HashSet<>(nodes);
        dead.removeAll(store.alive(nodes));
        if (dead.isEmpty()) {
            return;
        }
        Map<String, List<PresenceEntry>> dropped = new HashMap<>();
        synchronized (state.lock) {
            state.groups.forEach((group, presence) -> {
                List<PresenceEntry> gone = presence.dropNodes(dead, settings.clock().millis());
                if (!gone.isEmpty()) {
                    dropped.put(group, gone);
                }
            });
        }
        log.info("Presence nodes {} stopped refreshing; their users left", dead);
        dropped.forEach(store::forget);
    }
}
