package io.channels4j.core.presence;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a node's joins and leaves share with its upkeep: its groups, under one lock, and its writes, in seq order. */
final class NodePresence {
    final String node;
    final Object lock = new Object(); // guards groups, seq and every GroupPresence
    final Object writes = new Object(); // keeps this node's store writes in seq order
    final Map<String, GroupPresence> groups = new HashMap<>();
    final Set<Map.Entry<String, String>> unsynced = ConcurrentHashMap.newKeySet(); // group, user: writes that failed
    private long seq;

    NodePresence(String node) {
        this.node = node;
    }

    /** The next sequence number of this node's entries; call under {@link #lock}. */
    long nextSeq() {
        return ++seq;
    }
}
