package io.channels4j.core.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which groups of a layer track presence, and how: a {@link PresencePolicy} per group name or pattern
 * ({@code chat.*}: {@code *} matches any characters; the first matching pattern wins), plus the node settings
 * shared by every group: the clock, the {@link Ticker}, and the node timeout within which a dead node's users
 * are announced as leaving.
 * <pre>
 * PresenceSettings.builder().track("chat.*", PresencePolicy.track().countOnlyAbove(1000)).build()
 * </pre>
 */
public final class PresenceSettings {
    /** Within this a dead node's users are announced as leaving, by default. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(15);
    /** No group tracks presence. */
    public static final PresenceSettings NONE = builder().build();

    private final List<Rule> rules;
    private final Clock clock;
    private final Ticker ticker;
    private final Duration nodeTimeout;

    private PresenceSettings(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.nodeTimeout = b.nodeTimeout;
    }

    /** Starts settings that track no group. */
    public static Builder builder() {
        return new Builder();
    }

    /** The policy of {@code group}, if any pattern matches it. */
    public Optional<PresencePolicy> policy(String group) {
        for (Rule rule : rules) {
            if (rule.regex.matcher(group).matches()) {
                return Optional.of(rule.policy);
            }
        }
        return Optional.empty();
    }

    /** Whether any group tracks presence. */
    public boolean enabled() {
        return !rules.isEmpty();
    }

    /** The clock of grace periods, heartbeats and throttling. */
    public Clock clock() {
        return clock;
    }

    /** What drives the timed work. */
    public Ticker ticker() {
        return ticker;
    }

    /** Within this a node that stops refreshing has its users announced as leaving. */
    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** How often a node refreshes its liveness and checks the others': a fifth of the node timeout. */
    Duration heartbeatInterval() {
        return nodeTimeout.dividedBy(5);
    }

    /** How long a node stays alive after its last heartbeat; with one sweep interval on top it stays within the timeout. */
    Duration liveness() {
        return nodeTimeout.multipliedBy(3).dividedBy(5);
    }

    @Override
    public String toString() {
        return "PresenceSettings" + rules.stream().map(r -> r.pattern + "=" + r.policy).toList() + ", node timeout " + nodeTimeout;
    }

    private record Rule(String pattern, Pattern regex, PresencePolicy policy) {
    }

    /** Settings under construction. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.scheduled();
        private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;

        private Builder() {
        }

        /**
         * Tracks presence in groups named {@code pattern} ({@code *} matches any characters).
         *
         * @throws IllegalArgumentException when the pattern holds characters no group name has
         */
        public Builder track(String pattern, PresencePolicy policy) {
            Objects.requireNonNull(pattern, "pattern");
            if (!pattern.matches("[A-Za-z0-9._*-]+")) {
                throw new IllegalArgumentException("Invalid presence group pattern '" + pattern
                        + "': use a group name, with '*' for any characters, e.g. 'chat.*'.");
            }
            rules.add(new Rule(pattern, Pattern.compile(globToRegex(pattern)), Objects.requireNonNull(policy, "policy")));
            return this;
        }

        private static String globToRegex(String pattern) {
            StringBuilder regex = new StringBuilder();
            String[] parts = pattern.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append(".*");
                }
                if (!parts[i].isEmpty()) {
                    regex.append(Pattern.quote(parts[i]));
                }
            }
            return regex.toString();
        }

        /** The clock; tests pass one they move. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What drives the timed work; tests pass one they drive by hand. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Within this a node that stops refreshing (killed, partitioned) has its users announced as leaving
         * (default 15 s); it heartbeats every fifth of it.
         */
        public Builder nodeTimeout(Duration nodeTimeout) {
            if (nodeTimeout.toMillis() < 50) {
                throw new IllegalArgumentException("Presence node timeout must be at least 50 ms, got " + nodeTimeout + ".");
            }
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** The settings. */
        public PresenceSettings build() {
            return new PresenceSettings(this);
        }
    }
}
