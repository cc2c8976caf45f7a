package io.channels4j.core.presence;

import java.util.Map;

/**
 * What one node says about one user in one group, as kept in a {@link PresenceStore}. Each node writes only its
 * own entries, numbered by {@code seq}, so an older entry never overwrites a newer one.
 *
 * @param node the node that owns the entry
 * @param user the user id
 * @param seq the node's write counter
 * @param connections the user's connections on that node; 0 means gone
 * @param meta the user's meta
 */
public record PresenceEntry(String node, String user, long seq, int connections, Map<String, Object> meta) {
    /** Freezes the meta. */
    public PresenceEntry {
        meta = Map.copyOf(meta);
    }
}
