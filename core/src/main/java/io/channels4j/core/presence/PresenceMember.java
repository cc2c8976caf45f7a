package io.channels4j.core.presence;

import java.util.Map;

/**
 * One user present in a group, counted once across every node.
 *
 * @param user the user id
 * @param connections how many connections the user has in the group, on every node (0 during the grace period)
 * @param meta the meta of one of the user's connections
 */
public record PresenceMember(String user, int connections, Map<String, Object> meta) {
    /** Freezes the meta. */
    public PresenceMember {
        meta = Map.copyOf(meta);
    }
}
