package io.channels4j.layers.redis;

import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.channels4j.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat of ten numbered messages a second from one layer node to a group member on another, recording which sends
 * succeeded, which failed, how long the slowest call took and what arrived.
 */
final class SteadyChat implements AutoCloseable {
    final Set<Integer> sent = ConcurrentHashMap.newKeySet();
    final Set<Integer> received = ConcurrentHashMap.newKeySet();
    final List<Integer> failed = new CopyOnWriteArrayList<>();
    final ChannelSubscription member;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

    SteadyChat(RedisChannelLayer from, RedisChannelLayer to, String group) {
        member = to.subscribe(m -> received.add(((Number) m.get("n")).intValue()));
        to.groupAdd(group, member.channel());
        sender.scheduleAtFixedRate(() -> {
            int n = next.incrementAndGet();
            long start = System.nanoTime();
            try {
                from.groupSend(group, Message.of("chat.message", "n", n));
                sent.add(n);
            } catch (ChannelLayerException e) {
                failed.add(n);
            } finally {
                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** The number of the last message sent (or tried). */
    int last() {
        return next.get();
    }

    /** Waits until a message numbered above {@code n} has arrived. */
    void awaitArrivalAfter(int n, Duration timeout, String what) {
        Eventually.await(timeout, () -> received.stream().anyMatch(r -> r > n), what);
    }

    /** Sent messages numbered in [from, to] that never arrived. */
    List<Integer> lost(int from, int to) {
        return sent.stream().filter(n -> n >= from && n <= to && !received.contains(n)).sorted().toList();
    }

    long slowestCallMillis() {
        return TimeUnit.NANOSECONDS.toMillis(slowestNanos.get());
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
