package io.channels4j.core;

import io.channels4j.core.presence.PresencePolicy;
import io.channels4j.core.presence.PresenceSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What every channel layer is configured with: capacity, expiry, group expiry, presence and history. Each layer's
 * builder extends {@link Builder}, so the rules and their error messages live here once.
 *
 * @param capacity    undelivered messages a channel may hold
 * @param expiry      how long an undelivered message lives
 * @param groupExpiry how long a group membership of a non-subscribed channel lives
 * @param presence    which groups track presence, and how
 * @param histories   which groups keep history, and how
 */
public record LayerSettings(int capacity, Duration expiry, Duration groupExpiry, PresenceSettings presence,
                            HistoryPolicies histories) {

    /** The settings every layer builder shares; {@code B} is the layer's own builder, returned for chaining. */
    public abstract static class Builder<B extends Builder<B>> {
        private int capacity = ChannelLayer.DEFAULT_CAPACITY;
        private Duration expiry = ChannelLayer.DEFAULT_EXPIRY;
        private Duration groupExpiry = ChannelLayer.DEFAULT_GROUP_EXPIRY;
        private PresenceSettings presenceSettings;
        private final PresenceSettings.Builder presenceRules = PresenceSettings.builder();
        private HistoryPolicies histories = HistoryPolicies.NONE;

        protected Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Tracks presence in groups named {@code pattern} ({@code chat.*}) with {@code policy}. */
        public B presence(String pattern, PresencePolicy policy) {
            presenceRules.track(pattern, policy);
            return self();
        }

        /** Tracks presence as {@code settings} say (policies, clock, ticker, node timeout); replaces {@link #presence(String, PresencePolicy)}. */
        public B presence(PresenceSettings settings) {
            this.presenceSettings = Objects.requireNonNull(settings, "settings");
            return self();
        }

        /**
         * Groups named {@code pattern} (or starting with it, before a final {@code *}) keep history by {@code policy}
         * (the Redis layer keeps it in a stream on the group's shard, shared by every node).
         */
        public B history(String pattern, HistoryPolicy policy) {
            this.histories = histories.with(pattern, policy);
            return self();
        }

        /** Undelivered messages a channel may hold (default 100). */
        public B capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
            }
            this.capacity = capacity;
            return self();
        }

        /** How long an undelivered message lives (default 60 s). */
        public B expiry(Duration expiry) {
            this.expiry = Objects.requireNonNull(expiry, "expiry");
            return self();
        }

        /** How long a group membership of a non-subscribed channel lives (default 86 400 s). */
        public B groupExpiry(Duration groupExpiry) {
            this.groupExpiry = Objects.requireNonNull(groupExpiry, "groupExpiry");
            return self();
        }

        /** The settings given so far, for the layer's constructor. */
        protected LayerSettings settings() {
            return new LayerSettings(capacity, expiry, groupExpiry,
                    presenceSettings != null ? presenceSettings : presenceRules.build(), histories);
        }
    }
}
