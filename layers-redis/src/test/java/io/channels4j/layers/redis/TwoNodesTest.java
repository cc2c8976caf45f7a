package io.channels4j.layers.redis;

import io.channels4j.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ChannelFullException;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.ChannelSubscription;
import io.channels4j.core.Message;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two layer instances stand for two processes of one app. */
@Timeout(60)
class TwoNodesTest {
    private final String prefix = "test" + ChannelNames.randomLetters(8);
    private RedisChannelLayer nodeA;
    private RedisChannelLayer nodeB;

    @BeforeEach
    void connect() {
        String url = RedisAvailable.url();
        nodeA = RedisChannelLayer.builder().url(url).prefix(prefix).capacity(5).build();
        nodeB = RedisChannelLayer.builder().url(url).prefix(prefix).capacity(5).build();
    }

    @AfterEach
    void close() {
        nodeA.flush();
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aConsumerChannelIsReachableFromTheOtherNode() throws Exception {
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        ChannelSubscription consumer = nodeA.subscribe(got::add);
        nodeB.send(consumer.channel(), Message.of("direct", "data", new byte[] {1, 2, 3}));
        Message message = got.poll(5, TimeUnit.SECONDS);
        assertEquals(Message.of("direct", "data", new byte[] {1, 2, 3}), message);
    }

    @Test
    void groupSendReachesMembersOnBothNodes() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        List<ChannelSubscription> members = new ArrayList<>();
        for (RedisChannelLayer node : List.of(nodeA, nodeB, nodeA)) {
            ChannelSubscription sub = node.subscribe(m -> got.add(m.getString("text")));
            node.groupAdd("room", sub.channel());
            members.add(sub);
        }
        nodeB.groupSend("room", Message.of("chat.message", "text", "hi all"));
        for (int i = 0; i < 3; i++) {
            assertEquals("hi all", got.poll(5, TimeUnit.SECONDS));
        }
        members.forEach(ChannelSubscription::close);
        assertEquals(0, nodeA.localGroupCount());
        assertEquals(0, nodeA.subscriptionCount());
    }

    @Test
    void perUserGroupReachesThatUsersSocketsOnEveryNode() throws Exception {
        LinkedBlockingQueue<String> alice = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> bob = new LinkedBlockingQueue<>();
        ChannelSubscription a1 = nodeA.subscribe(m -> alice.add("a1"));
        ChannelSubscription a2 = nodeB.subscribe(m -> alice.add("a2"));
        ChannelSubscription b1 = nodeB.subscribe(m -> bob.add("b1"));
        nodeA.groupAdd("user.alice", a1.channel());
        nodeB.groupAdd("user.alice", a2.channel());
        nodeB.groupAdd("user.bob", b1.channel());
        nodeA.groupSend("user.alice", Message.of("logout"));
        List<String> reached = new ArrayList<>(List.of(alice.poll(5, TimeUnit.SECONDS), alice.poll(5, TimeUnit.SECONDS)));
        reached.sort(null);
        assertEquals(List.of("a1", "a2"), reached);
        assertEquals(null, bob.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void queueCapacityHoldsAcrossNodes() throws Exception {
        for (int i = 0; i < 5; i++) {
            (i % 2 == 0 ? nodeA : nodeB).send("worker.tasks", Message.of("task", "n", i));
        }
        assertThrows(ChannelFullException.class, () -> nodeB.send("worker.tasks", Message.of("task", "n", 5)));
        assertEquals(0, nodeB.receive("worker.tasks").get(5, TimeUnit.SECONDS).get("n"));
        nodeA.send("worker.tasks", Message.of("task", "n", 6));
    }

    @Test
    void groupSendCostsTheSameRedisCommandsFor10And1000Members() {
        long atTen = commandsPerGroupSend(10);
        long atThousand = commandsPerGroupSend(1000);
        assertEquals(atTen, atThousand, "Redis commands per groupSend must not grow with the member count");
        // Redis counts the script call and the PUBLISH and EXISTS it makes: three, at any size
        assertTrue(atTen <= 3, "one script call per groupSend, got " + atTen + " commands");
    }

    private long commandsPerGroupSend(int members) {
        AtomicInteger delivered = new AtomicInteger();
        String group = "big" + members;
        List<ChannelSubscription> subs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            RedisChannelLayer node = i % 2 == 0 ? nodeA : nodeB;
            ChannelSubscription sub = node.subscribe(m -> {
                delivered.incrementAndGet();
                return true;
            });
            node.groupAdd(group, sub.channel());
            subs.add(sub);
        }
        long before = totalCommands();
        for (int i = 0; i < 10; i++) {
            nodeA.groupSend(group, Message.of("tick", "i", i));
        }
        long used = totalCommands() - before - 1; // the INFO call itself
        Eventually.await(Duration.ofSeconds(10), () -> delivered.get() >= members * 10, "every member has every message");
        assertEquals(members * 10, delivered.get());
        subs.forEach(ChannelSubscription::close);
        return Math.round(used / 10.0);
    }

    private static long totalCommands() {
        RedisClient client = RedisClient.create(RedisAvailable.URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String info = connection.sync().info("stats");
            for (String line : info.split("\r\n")) {
                if (line.startsWith("total_commands_processed:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            throw new AssertionError("no total_commands_processed in INFO stats");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void aLayerShardedOverSeveralRedisDatabasesKeepsTheContract() throws Exception {
        String base = RedisAvailable.url().replaceAll("/\\d+$", "");
        try (RedisChannelLayer sharded = RedisChannelLayer.builder().urls(List.of(base + "/5", base + "/6", base + "/7")).prefix(prefix).build()) {
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            List<ChannelSubscription> subs = new ArrayList<>();
            for (int g = 0; g < 20; g++) {
                ChannelSubscription sub = sharded.subscribe(m -> got.add(m.getString("g")));
                sharded.groupAdd("shard-group-" + g, sub.channel());
                subs.add(sub);
            }
            for (int g = 0; g < 20; g++) {
                sharded.groupSend("shard-group-" + g, Message.of("ping", "g", String.valueOf(g)));
                sharded.send("shard.queue." + g, Message.of("q", "g", String.valueOf(g)));
            }
            List<String> received = new ArrayList<>();
            for (int g = 0; g < 20; g++) {
                received.add(got.poll(5, TimeUnit.SECONDS));
                assertEquals(String.valueOf(g), sharded.receive("shard.queue." + g).get(5, TimeUnit.SECONDS).getString("g"));
            }
            assertEquals(20, received.stream().distinct().count());
            subs.forEach(ChannelSubscription::close);
            sharded.flush();
        }
    }

    @Test
    void sessionsSavedOnOneNodeLoadOnTheOther() {
        RedisSessionStore storeA = new RedisSessionStore(nodeA.client(), prefix);
        RedisSessionStore storeB = new RedisSessionStore(nodeB.client(), prefix);
        storeA.save("abc", Map.of("_auth_user_id", "alice"), Duration.ofMinutes(1));
        assertEquals(Map.of("_auth_user_id", "alice"), storeB.load("abc").orElseThrow());
        storeB.delete("abc");
        assertTrue(storeA.load("abc").isEmpty());
    }
}
