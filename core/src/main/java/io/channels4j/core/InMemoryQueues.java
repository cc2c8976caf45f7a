package io.channels4j.core;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The in-memory layer's queue channels (those no consumer subscribes): undelivered messages, bounded and expiring,
 * and the receivers waiting for them.
 */
final class InMemoryQueues {
    private final int capacity;
    private final long expiryMillis;
    private final Clock clock;
    private final Consumer<String> expired; // told of a channel whose messages went unread
    private final Map<String, ChannelQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong expiries = new AtomicLong();

    InMemoryQueues(int capacity, long expiryMillis, Clock clock, Consumer<String> expired) {
        this.capacity = capacity;
        this.expiryMillis = expiryMillis;
        this.clock = clock;
        this.expired = expired;
    }

    CompletableFuture<Message> receive(String channel) {
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

    /** Hands the message to a waiting receiver or stores it; false when the channel is full. */
    boolean deliver(String channel, Message message) {
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

    void clear() {
        queues.clear();
    }

    int size() {
        return queues.size();
    }

    /** How many times a channel's messages expired unread. */
    long expired() {
        return expiries.get();
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Message>[] newFuture() {
        return (CompletableFuture<Message>[]) new CompletableFuture<?>[1];
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
                expiries.incrementAndGet();
                expired.accept(channel);
            }
        }
    }
}
