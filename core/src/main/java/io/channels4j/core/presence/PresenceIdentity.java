package io.channels4j.core.presence;

import java.util.Map;
import java.util.Objects;

/**
 * Who a connection is, for presence: a user id (all of a user's connections count once) and a small JSON-like
 * {@code meta} (a display name, a status), shown to the group as it is.
 *
 * @param user the user id, e.g. a username
 * @param meta small JSON-like values; empty when none
 */
public record PresenceIdentity(String user, Map<String, Object> meta) {
    /** Checks the values and freezes the meta. */
    public PresenceIdentity {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("Presence user id is empty: return the signed-in user's id from presenceIdentity().");
        }
        meta = Map.copyOf(meta);
    }

    /** A user with no meta. */
    public static PresenceIdentity of(String user) {
        return new PresenceIdentity(user, Map.of());
    }

    /** A user with meta. */
    public static PresenceIdentity of(String user, Map<String, Object> meta) {
        return new PresenceIdentity(user, meta);
    }
}
