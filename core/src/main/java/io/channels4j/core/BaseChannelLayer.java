package io.channels4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What every channel layer shares, as Channels' {@code BaseChannelLayer}: its {@link LayerSettings} (capacity,
 * expiry, history policies) and the rule that a group keeping no history answers with an empty page.
 */
public abstract class BaseChannelLayer implements ChannelLayer {
    private final LayerSettings settings;

    protected BaseChannelLayer(LayerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings the layer was built with. */
    protected final LayerSettings settings() {
        return settings;
    }

    @Override
    public int capacity() {
        return settings.capacity();
    }

    @Override
    public Duration expiry() {
        return settings.expiry();
    }

    @Override
    public HistoryPolicy historyPolicy(String group) {
        return settings.histories().policyFor(group);
    }

    @Override
    public HistoryPage history(String group, HistoryPosition since, int limit) {
        ChannelNames.requireValidGroup(group);
        HistoryPolicy policy = historyPolicy(group);
        return policy == null ? ChannelLayer.super.history(group, since, limit) : readHistory(group, since, limit, policy);
    }

    /** Reads the history of {@code group}, which keeps one by {@code policy}. */
    protected abstract HistoryPage readHistory(String group, HistoryPosition since, int limit, HistoryPolicy policy);
}
