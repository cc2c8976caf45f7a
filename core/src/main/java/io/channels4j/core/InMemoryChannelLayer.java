package io.channels4j.core;

import io.channels4j.core.presence.InMemoryPresenceStore;
import io.channels4j.core.presence.PresenceSettings;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
public final class InMemoryChannelLayer implements ChannelLayer {
    private static final Logger log = LoggerFactory.getLogger(InMemoryChannelLayer.class);

    private final int capacity;
    private final long expiryMillis;
    private final long groupExpiryMillis;
    private final Clock clock;
    private final Map<String, ChannelQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> groups = new ConcurrentHashMap<>();
    private final AtomicLong expired = new AtomicLong();
    private final SkippedDeliveries skipped;
    private final PresenceTracker presence; // null when no group tracks presence
    private final HistoryPolicies histories;
    private final GroupHistory history;
    private final Object[] historyLocks = new Object[64]; // a group's append and delivery happen under one: position order is delivery order

    /** A layer with Channels' defaults: capacity 100, expiry 60 s, group expiry 86 400 s. */
    public InMemoryChannelLayer() {
        this(builder(), builder().settings());
    }

    private InMemoryChannelLayer(Builder b, LayerSettings s) {
        this.capacity = s.capacity();
        this.expiryMillis = s.expiry().toMillis();
        this.groupExpiryMillis = s.groupExpiry().toMillis();
        this.clock = b.clock;
        this.skipped = new SkippedDeliveries(log, b.clock, SkippedDeliveries.DEFAULT_INTERVAL);
        PresenceSettings settings = s.presence();
        this.presence = !settings.enabled() ? null : new PresenceTracker(ChannelNames.randomLetters(12), settings,
                b.presenceStore != null ? b.presenceStore : new InMemoryPresenceStore(settings.clock()), this::deliver);
        this.histories = s.histories();
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
        CompletableFuture<Message>[] taken = newFuture();
        queues.compute(channel, (name, queue) -> {
            ChannelQueue q = queue != null ? queue : new ChannelQueue(name);
            taken[0] = q.take();
            return q.idle() ? null : q;
        });
        CompletableFuture<Message> waiter = taken[0];
        if (!waiter.isDone()) {
            waiter.whenComplete((m, e) -> {
                if (e != null) { // cancelled: forget the waiter, and the queue with it when nothing else is in it
                    queues.computeIfPresent(channel, (name, q) -> q.forget(waiter) ? null : q);
                }
            });
        }
        return waiter;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Message>[] newFuture() {
        return (CompletableFuture<Message>[]) new CompletableFuture<?>[1];
    }

    @Override
    public String newChannel(String prefix) {
        return ChannelNames.requireValidChannel(prefix + ".inmemory!" + ChannelNames.randomLetters(12));
    }

    @Override
    public ChannelSubscription subscribe(MessageListener listener) {
        Subscription sub = new Subscription(newChannel(), Objects.requireNonNull(listener, "listener"));
        subscriptions.put(sub.channel, sub);
        return sub;
    }

    @Override
    public void groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(channel, clock.millis());
        Subscription sub = subscriptions.get(channel);
        if (sub != null) {
            sub.joined(group);
        }
    }

    @Override
    public void groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        removeMember(group, channel);
        Subscription sub = subscriptions.get(channel);
        if (sub != null) {
            sub.left(group);
        }
    }

    @Override
    public void groupSend(String group, Message message) {
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(message, "message");
        HistoryPolicy policy = histories.policyFor(group);
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
    public HistoryPolicy historyPolicy(String group) {
        return histories.policyFor(group);
    }

    @Override
    public HistoryPage history(String group, HistoryPosition since, int limit) {
        ChannelNames.requireValidGroup(group);
        HistoryPolicy policy = histories.policyFor(group);
        if (policy == null) {
            return ChannelLayer.super.history(group, since, limit);
        }
        return history.read(group, since, limit, policy);
    }

    @Override
    public void flush() {
        queues.clear();
        groups.clear();
        subscriptions.values().forEach(Subscription::leftAll);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Duration expiry() {
        return Duration.ofMillis(expiryMillis);
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
        return expired.get();
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
        Subscription sub = subscriptions.get(channel);
        if (sub != null) {
            return sub.listener.offer(message);
        }
        // a queue lives only while it holds messages or waiters (Channels deletes it too), so every change to one
        // happens inside compute() on its name; a waiter is completed outside it, since completing runs its callbacks
        while (true) {
            CompletableFuture<Message>[] waiter = newFuture();
            boolean[] stored = new boolean[1];
            queues.compute(channel, (name, queue) -> {
                ChannelQueue q = queue != null ? queue : new ChannelQueue(name);
                waiter[0] = q.waiters.poll();
                if (waiter[0] == null) {
                    stored[0] = q.put(message);
                }
                return q.idle() ? null : q;
            });
            if (waiter[0] == null) {
                return stored[0];
            }
            if (waiter[0].complete(message)) {
                return true;
            } // that receiver was cancelled meanwhile: try the next one
        }
    }

    private void removeMember(String group, String channel) {
        groups.computeIfPresent(group, (g, members) -> {
            members.remove(channel);
            return members.isEmpty() ? null : members;
        });
    }

    private void expire(String channel) {
        expired.incrementAndGet();
        // as in Channels: a channel whose messages go unread is presumed dead and leaves its groups
        for (String group : groups.keySet()) {
            removeMember(group, channel);
        }
    }

    @Override
    public String toString() {
        return "InMemoryChannelLayer[capacity=" + capacity + ", groups=" + groups.size() + ", subscriptions=" + subscriptions.size() + "]";
    }

    private static final String[] NO_GROUPS = new String[0];

    private final class Subscription implements ChannelSubscription {
        private final String channel;
        private final MessageListener listener;
        private String[] groups = NO_GROUPS; // guarded by this; a handful per connection, kept as small as it gets

        Subscription(String channel, MessageListener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        @Override
        public String channel() {
            return channel;
        }

        synchronized void joined(String group) {
            if (!Arrays.asList(groups).contains(group)) {
                groups = Arrays.copyOf(groups, groups.length + 1);
                groups[groups.length - 1] = group;
            }
        }

        synchronized void left(String group) {
            List<String> rest = new ArrayList<>(Arrays.asList(groups));
            if (rest.remove(group)) {
                groups = rest.toArray(NO_GROUPS);
            }
        }

        /** Forgets every group, returning them. */
        synchronized String[] leftAll() {
            String[] all = groups;
            groups = NO_GROUPS;
            return all;
        }

        @Override
        public void close() {
            if (subscriptions.remove(channel, this)) {
                for (String group : leftAll()) {
                    removeMember(group, channel);
                }
            }
        }
    }

    /** One channel's undelivered messages and waiting receivers; guarded by the map's compute() on its name. */
    private final class ChannelQueue {
        private final String channel;
        private final ArrayDeque<Message> messages = new ArrayDeque<>();
        private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
        private final ArrayDeque<CompletableFuture<Message>> waiters = new ArrayDeque<>();

        ChannelQueue(String channel) {
            this.channel = channel;
        }

        boolean put(Message message) {
            pruneExpired();
            if (messages.size() >= capacity) {
                return false;
            }
            messages.add(message);
            sentAt.add(clock.millis());
            return true;
        }

        CompletableFuture<Message> take() {
            pruneExpired();
            Message next = messages.poll();
            if (next != null) {
                sentAt.poll();
                return CompletableFuture.completedFuture(next);
            }
            CompletableFuture<Message> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }

        /** Drops a cancelled waiter; whether the queue is idle now. */
        boolean forget(CompletableFuture<Message> waiter) {
            waiters.remove(waiter);
            return idle();
        }

        boolean idle() {
            return messages.isEmpty() && waiters.isEmpty();
        }

        private void pruneExpired() {
            long now = clock.millis();
            boolean any = false;
            while (!sentAt.isEmpty() && now - sentAt.peek() > expiryMillis) {
                sentAt.poll();
                messages.poll();
                any = true;
            }
            if (any) {
                expire(channel);
            }
        }
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
