package io.channels4j.core;

import io.channels4j.core.presence.InMemoryPresenceStore;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default channel layer: everything lives in this process, for a single node and for tests.
 * <pre>
 * ChannelLayer layer = new InMemoryChannelLayer();
 * ChannelLayer small = InMemoryChannelLayer.builder().capacity(10).expiry(Duration.ofSeconds(5)).build();
 * </pre>
 *
 * <p>Differences from Channels' in-memory layer: empty groups are removed, a subscribed (live consumer)
 * channel's memberships do not expire while it is open, and messages are immutable so none is copied.
 */
public final class InMemoryChannelLayer extends BaseChannelLayer {
    private static final Logger log = LoggerFactory.getLogger(InMemoryChannelLayer.class);

    private final int capacity;
    private final long expiryMillis;
    private final long groupExpiryMillis;
    private final Clock clock;
    private final InMemoryQueues queues;
    private final Map<String, InMemorySubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> groups = new ConcurrentHashMap<>();
    private final SkippedDeliveries skipped;
    private final PresenceTracker presence; // null when no group tracks presence
    private final GroupHistory history;
    private final Object[] historyLocks = new Object[64]; // a group's append and delivery happen under one: position order is delivery order

    /** A layer with Channels' defaults: capacity 100, expiry 60 s, group expiry 86 400 s. */
    public InMemoryChannelLayer() {
        this(builder(), builder().settings());
    }

    private InMemoryChannelLayer(Builder b, LayerSettings s) {
        super(s);
        this.capacity = s.capacity();
        this.expiryMillis = s.expiry().toMillis();
        this.groupExpiryMillis = s.groupExpiry().toMillis();
        this.clock = b.clock;
        this.queues = new InMemoryQueues(capacity, expiryMillis, b.clock, this::expire);
        this.skipped = new SkippedDeliveries(log, b.clock, SkippedDeliveries.DEFAULT_INTERVAL);
        PresenceSettings settings = s.presence();
        this.presence = !settings.enabled() ? null : new PresenceTracker(ChannelNames.randomLetters(12), settings,
                b.presenceStore != null ? b.presenceStore : new InMemoryPresenceStore(settings.clock()), this::deliver);
        this.history = b.history != null ? b.history : new InMemoryGroupHistory(b.clock);
        for (int i = 0; i < historyLocks.length; i++) {
            historyLocks[i] = new Object();
        }
    }

    /** Starts a configured layer. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void send(String channel, Message message) {
        ChannelNames.requireValidChannel(channel);
        Objects.requireNonNull(message, "message");
        if (!deliver(channel, message)) {
            throw new ChannelFullException(channel);
        }
    }

    @Override
    public CompletableFuture<Message> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (subscriptions.containsKey(channel)) {
            throw new IllegalArgumentException("Channel '" + channel + "' is a subscription: its messages go to its listener, not to receive().");
        }
        return queues.receive(channel);
    }

    @Override
    public String newChannel(String prefix) {
        return ChannelNames.requireValidChannel(prefix + ".inmemory!" + ChannelNames.randomLetters(12));
    }

    @Override
    public ChannelSubscription subscribe(MessageListener listener) {
        InMemorySubscription sub = new InMemorySubscription(newChannel(), Objects.requireNonNull(listener, "listener"), this::unsubscribe);
        subscriptions.put(sub.channel(), sub);
        return sub;
    }

    private void unsubscribe(InMemorySubscription sub) {
        if (subscriptions.remove(sub.channel(), sub)) {
            for (String group : sub.leftAll()) {
                removeMember(group, sub.channel());
            }
        }
    }

    @Override
    public void groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(channel, clock.millis());
        InMemorySubscription sub = subscriptions.get(channel);
        if (sub != null) {
            sub.joined(group);
        }
    }

    @Override
    public void groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        removeMember(group, channel);
        InMemorySubscription sub = subscriptions.get(channel);
        if (sub != null) {
            sub.left(group);
        }
    }

    @Override
    public void groupSend(String group, Message message) {
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(message, "message");
        HistoryPolicy policy = historyPolicy(group);
        if (policy != null) {
            synchronized (historyLocks[Math.floorMod(group.hashCode(), historyLocks.length)]) {
                deliverToGroup(group, history.append(group, message, policy).stamp(message));
            }
            return;
        }
        deliverToGroup(group, message);
    }

    private void deliverToGroup(String group, Message message) {
        Map<String, Long> members = groups.get(group);
        if (members == null) {
            return;
        }
        long now = clock.millis();
        int full = 0;
        for (Map.Entry<String, Long> member : members.entrySet()) {
            String channel = member.getKey();
            if (!subscriptions.containsKey(channel) && now - member.getValue() > groupExpiryMillis) {
                removeMember(group, channel);
            } else if (!deliver(channel, message)) {
                full++;
            }
        }
        if (full > 0) {
            skipped.skipped("group '" + group + "'", full);
        }
    }

    @Override
    protected HistoryPage readHistory(String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        return history.read(group, since, limit, policy);
    }

    @Override
    public void flush() {
        queues.clear();
        groups.clear();
        subscriptions.values().forEach(InMemorySubscription::leftAll);
    }

    @Override
    public Optional<PresenceTracker> presenceTracker() {
        return Optional.ofNullable(presence);
    }

    @Override
    public void close() {
        if (presence != null) {
            presence.close();
        }
    }

    /** How many group deliveries were skipped because the member was full, since the layer started. */
    public long skippedOverCapacity() {
        return skipped.total();
    }

    @Override
    public long skippedDeliveries() {
        return skipped.total();
    }

    /** How many messages expired unread, since the layer started. */
    public long expiredMessages() {
        return queues.expired();
    }

    /** How many subscriptions are open: one per live consumer; for leak checks. */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /** How many unsubscribed channels hold undelivered messages or waiting receivers; for leak checks. */
    public int channelCount() {
        return queues.size();
    }

    /** How many groups have at least one member; for leak checks. */
    public int groupCount() {
        return groups.size();
    }

    private boolean deliver(String channel, Message message) {
        InMemorySubscription sub = subscriptions.get(channel);
        if (sub != null) {
            return sub.listener().offer(message);
        }
        return queues.deliver(channel, message);
    }

    private void removeMember(String group, String channel) {
        groups.computeIfPresent(group, (g, members) -> {
            members.remove(channel);
            return members.isEmpty() ? null : members;
        });
    }

    private void expire(String channel) {
        // as in Channels: a channel whose messages go unread is presumed dead and leaves its groups
        for (String group : groups.keySet()) {
            removeMember(group, channel);
        }
    }

    @Override
    public String toString() {
        return "InMemoryChannelLayer[capacity=" + capacity + ", groups=" + groups.size() + ", subscriptions=" + subscriptions.size() + "]";
    }

    /** Settings for an in-memory layer. */
    public static final class Builder extends LayerSettings.Builder<Builder> {
        private Clock clock = Clock.systemUTC();
        private InMemoryPresenceStore presenceStore;
        private GroupHistory history;

        private Builder() {
        }

        /** Shares presence with other layers of this process, as nodes of one app; for tests of several nodes. */
        public Builder presenceStore(InMemoryPresenceStore store) {
            this.presenceStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Where histories are kept (default: in this process, lost on restart); a database store keeps them across
         * restarts. The layer does not close it.
         */
        public Builder historyStore(GroupHistory store) {
            this.history = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock for expiry; tests pass one they can move. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The layer. */
        public InMemoryChannelLayer build() {
            return new InMemoryChannelLayer(this, settings());
        }
    }
}
