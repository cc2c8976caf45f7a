package io.channels4j.core.presence;

import java.time.Duration;
import java.util.Objects;

/**
 * How a group tracks presence: how long a user whose last connection dropped still counts as present (the
 * grace period, so a reconnect is neither a leave nor a join), and above how many users members get only a
 * throttled {@code presence.count} instead of every join and leave.
 * <pre>
 * PresencePolicy.track().graceperiod(Duration.ofSeconds(5)).countOnlyAbove(1000)
 * </pre>
 *
 * @param graceperiod how long a user with no connection left is still present (default 5 s)
 * @param countOnlyAbove above this many users, members get {@code presence.count} at most once a second
 */
public record PresencePolicy(Duration graceperiod, int countOnlyAbove) {
    /** The default grace period. */
    public static final Duration DEFAULT_GRACEPERIOD = Duration.ofSeconds(5);

    /** Checks the values. */
    public PresencePolicy {
        Objects.requireNonNull(graceperiod, "graceperiod");
        if (graceperiod.isNegative()) {
            throw new IllegalArgumentException("Presence grace period must not be negative, got " + graceperiod + ".");
        }
        if (countOnlyAbove < 0) {
            throw new IllegalArgumentException("countOnlyAbove must be 0 or more, got " + countOnlyAbove + ".");
        }
    }

    /** Tracks presence with a 5 s grace period and every join and leave announced, however large the group. */
    public static PresencePolicy track() {
        return new PresencePolicy(DEFAULT_GRACEPERIOD, Integer.MAX_VALUE);
    }

    /** This policy with another grace period. */
    public PresencePolicy graceperiod(Duration graceperiod) {
        return new PresencePolicy(graceperiod, countOnlyAbove);
    }

    /** This policy, announcing only a throttled count once the group has more than {@code users} users. */
    public PresencePolicy countOnlyAbove(int users) {
        return new PresencePolicy(graceperiod, users);
    }
}
