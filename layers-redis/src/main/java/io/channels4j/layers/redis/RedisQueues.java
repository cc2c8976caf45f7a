package io.channels4j.layers.redis;

import io.channels4j.core.Message;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Queue channels ({@code newChannel()}, a worker's): Redis lists with a capacity and an expiry, popped by {@code receive}. */
final class RedisQueues {
    private static final String SEND_SCRIPT = "if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
            + "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1";

    private final RedisKeys keys;
    private final HashRing<Shard> ring;
    private final int capacity;
    private final Duration expiry;
    private final AtomicLong expired = new AtomicLong();

    RedisQueues(RedisKeys keys, HashRing<Shard> ring, int capacity, Duration expiry) {
        this.keys = keys;
        this.ring = ring;
        this.capacity = capacity;
        this.expiry = expiry;
    }

    /** Appends to the channel's queue; false when it is full. */
    boolean enqueue(String channel, byte[] body) {
        Shard shard = ring.shardFor(channel);
        byte[] item = MessageCodec.frame(Long.toString(System.currentTimeMillis()), body);
        Long added = shard.call(() -> shard.eval(SEND_SCRIPT, ScriptOutputType.INTEGER, new String[] {keys.queue(channel)},
                item, bytes(Integer.toString(capacity)), bytes(Long.toString(expiry.toMillis()))));
        return added != null && added == 1L;
    }

    CompletableFuture<Message> receive(String channel) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        Shard shard = ring.shardFor(channel);
        Shard.Blocking connection;
        try {
            connection = shard.borrowBlocking();
        } catch (RedisException e) {
            result.completeExceptionally(shard.unreachable(e));
            return result;
        }
        pop(shard, connection, channel, result);
        return result;
    }

    /** Queued messages that expired unread, since start. */
    long expired() {
        return expired.get();
    }

    // BLPOP with a short timeout, again and again, so a cancelled receive stops within a second
    private void pop(Shard shard, Shard.Blocking connection, String channel, CompletableFuture<Message> result) {
        if (result.isDone()) {
            shard.giveBack(connection);
            return;
        }
        connection.async().blpop(1, keys.queue(channel)).whenComplete((popped, error) -> {
            if (error != null) {
                connection.connection().closeAsync();
                result.completeExceptionally(shard.unreachable(error));
                return;
            }
            if (popped == null || !popped.hasValue()) {
                pop(shard, connection, channel, result);
                return;
            }
            Message message = unqueue(popped);
            if (message == null) {
                pop(shard, connection, channel, result);
            } else if (!result.complete(message)) {
                connection.async().lpush(keys.queue(channel), popped.getValue()); // cancelled meanwhile: put it back first in line
                shard.giveBack(connection);
            } else {
                shard.giveBack(connection);
            }
        });
    }

    private Message unqueue(KeyValue<String, byte[]> popped) {
        byte[] item = popped.getValue();
        int start = MessageCodec.bodyStart(item);
        long sentAt = Long.parseLong(MessageCodec.head(item, start));
        if (System.currentTimeMillis() - sentAt > expiry.toMillis()) {
            expired.incrementAndGet();
            return null;
        }
        return MessageCodec.decode(item, start);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
