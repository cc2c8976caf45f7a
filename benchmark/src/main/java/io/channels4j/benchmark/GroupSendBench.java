package io.channels4j.benchmark;

import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Message;
import io.channels4j.layers.redis.RedisChannelLayer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code groupSend} to N members: through Redis with the members spread over two layer instances (two
 * nodes), against the in-memory layer in one; and the Redis commands one groupSend costs at 10 and 1,000 members. The
 * Redis may be one server or a cluster ({@code redis-cluster://}, sharded pub/sub).
 */
final class GroupSendBench {
    private GroupSendBench() {
    }

    record Result(double p50Micros, double p99Micros) {
    }

    /** The policy of the history variant: the sample app's chat rooms'. */
    static final HistoryPolicy HISTORY = HistoryPolicy.keep(100, Duration.ofHours(24));

    static Result inMemory(int members, int rounds) throws Exception {
        return inMemory(members, rounds, false);
    }

    /** With {@code history}, the group keeps {@link #HISTORY}: each send is also appended and stamped. */
    static Result inMemory(int members, int rounds, boolean history) throws Exception {
        InMemoryChannelLayer.Builder builder = InMemoryChannelLayer.builder();
        if (history) {
            builder.history("room", HISTORY);
        }
        try (InMemoryChannelLayer layer = builder.build()) {
            return measure(List.of(layer), members, rounds);
        }
    }

    static Result redis(String url, int members, int rounds) throws Exception {
        return redis(url, members, rounds, false);
    }

    /** With {@code history}, the group keeps {@link #HISTORY} in a Redis stream, appended in the send's script. */
    static Result redis(String url, int members, int rounds, boolean history) throws Exception {
        String prefix = "bench" + System.nanoTime();
        try (RedisChannelLayer a = redisNode(url, prefix, history);
             RedisChannelLayer b = redisNode(url, prefix, history)) {
            try {
                return measure(List.of(a, b), members, rounds);
            } finally {
                a.flush(); // the bench's stream and keys, under its own prefix
            }
        }
    }

    private static RedisChannelLayer redisNode(String url, String prefix, boolean history) {
        RedisChannelLayer.Builder builder = RedisChannelLayer.builder().url(url).prefix(prefix);
        if (history) {
            builder.history("room", HISTORY);
        }
        return builder.build();
    }

    /** Redis commands processed per groupSend, from INFO stats, with {@code members} spread over two nodes. */
    static double redisCommandsPerGroupSend(String url, int members) throws Exception {
        return redisCommandsPerGroupSend(url, members, () -> totalCommands(url) - 1);
    }

    /**
     * The same on any Redis (a cluster's masters summed): {@code commands} reads the count so far, less the reads
     * themselves.
     */
    static double redisCommandsPerGroupSend(String url, int members, java.util.function.LongSupplier commands) throws Exception {
        String prefix = "bench" + System.nanoTime();
        try (RedisChannelLayer a = RedisChannelLayer.builder().url(url).prefix(prefix).build();
             RedisChannelLayer b = RedisChannelLayer.builder().url(url).prefix(prefix).build()) {
            AtomicInteger delivered = new AtomicInteger();
            List<ChannelSubscription> subs = join(List.of(a, b), members, m -> {
                delivered.incrementAndGet();
                return true;
            });
            long before = commands.getAsLong();
            for (int i = 0; i < 100; i++) {
                a.groupSend("room", Message.of("tick"));
            }
            long used = commands.getAsLong() - before;
            subs.forEach(ChannelSubscription::close);
            return used / 100.0;
        }
    }

    private static Result measure(List<ChannelLayer> nodes, int members, int rounds) throws Exception {
        AtomicInteger got = new AtomicInteger();
        CountDownLatch[] done = {new CountDownLatch(1)};
        List<ChannelSubscription> subs = join(nodes, members, m -> {
            if (got.incrementAndGet() == members) {
                done[0].countDown();
            }
            return true;
        });
        Samples samples = new Samples();
        for (int i = 0; i < rounds + 20; i++) {
            got.set(0);
            done[0] = new CountDownLatch(1);
            long start = System.nanoTime();
            nodes.get(0).groupSend("room", Message.of("tick", "i", i));
            if (!done[0].await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("groupSend reached " + got.get() + " of " + members);
            }
            if (i >= 20) {
                samples.add(System.nanoTime() - start);
            }
        }
        subs.forEach(ChannelSubscription::close);
        return new Result(samples.percentile(50) / 1e3, samples.percentile(99) / 1e3);
    }

    private static List<ChannelSubscription> join(List<ChannelLayer> nodes, int members, io.channels4j.core.MessageListener listener) {
        List<ChannelSubscription> subs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ChannelLayer node = nodes.get(i % nodes.size());
            ChannelSubscription sub = node.subscribe(listener);
            node.groupAdd("room", sub.channel());
            subs.add(sub);
        }
        return subs;
    }

    static long totalCommands(String url) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String line : connection.sync().info("stats").split("\r\n")) {
                if (line.startsWith("total_commands_processed:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            throw new IllegalStateException("no total_commands_processed in INFO stats");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
