package io.channels4j.layers.redis;

import io.channels4j.core.ChannelNames;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Message;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group histories in Redis, on the group's shard: a stream per group ({@code XADD} with {@code MAXLEN}, trimmed
 * by age with {@code MINID}, one entry per message) and a hash holding the epoch and the last offset. One script
 * assigns the offset, appends and publishes, so offsets are atomic across nodes and their order is the delivery
 * order. A Redis that lost the hash (restarted empty, flushed) starts the group in a new epoch.
 *
 * <p>Published group messages are then framed {@code h<offset> <epoch>\n<cbor>}; unstamped ones stay bare CBOR,
 * whose first byte (a map) is never {@code h}.
 */
final class RedisHistory {
    /** How long a group's epoch and offset outlive its last message: Centrifugo's default history meta TTL. */
    static final Duration META_TTL = Duration.ofDays(30);
    private static final String START_EPOCH = "local epoch = redis.call('HGET', KEYS[1], 'epoch') "
            + "if not epoch then epoch = ARGV[1] redis.call('DEL', KEYS[2]) redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0) end "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "local t = redis.call('TIME') local minid = (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)) - tonumber(ARGV[3]) ";
    // A master the sentinels replaced keeps taking writes until they demote it, and its resync then drops them: on a
    // Sentinel set an append needs a connected replica, so a master left alone refuses before writing or publishing
    // (unless the sentinels still name it: then it only lost its replica, and goes on).
    private static final String REQUIRE_REPLICA = "if ARGV[8] == '1' and string.match(redis.call('INFO', 'replication'), 'connected_slaves:(%%d+)') == '0' then "
            + "return redis.error_reply('NOREPLICAS this master has no connected replica, so a group history append could be lost in a failover;"
            + " and the sentinels no longer name it master; sends succeed again once they demote it and the layer reconnects to the new master') end ";
    // KEYS: meta, stream, group queue; ARGV: new epoch, meta ttl, ttl ms, size, pub/sub channel, body, membership cutoff, replica required
    private static final String SEND_SCRIPT = REQUIRE_REPLICA + START_EPOCH
            + "local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1) "
            + "redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'o', offset, 'd', ARGV[6]) "
            + "redis.call('XTRIM', KEYS[2], 'MINID', minid) "
            + "redis.call('PEXPIRE', KEYS[2], ARGV[3]) "
            + "redis.call('%s', ARGV[5], 'h' .. offset .. ' ' .. epoch .. '\\n' .. ARGV[6]) " // PUBLISH, or SPUBLISH on a cluster
            + "local queued = {} "
            + "if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[7]) "
            + "queued = redis.call('ZRANGE', KEYS[3], 0, -1) end "
            + "return {offset, epoch, queued}";
    // KEYS: meta, stream; ARGV: new epoch, meta ttl, ttl ms
    private static final String READ_SCRIPT = START_EPOCH
            + "redis.call('XTRIM', KEYS[2], 'MINID', minid) "
            + "return {tonumber(redis.call('HGET', KEYS[1], 'offset')), epoch, redis.call('XRANGE', KEYS[2], '-', '+')}";

    private final RedisKeys keys;

    RedisHistory(RedisKeys keys) {
        this.keys = keys;
    }

    /** What a send to a group with history did: the message's position and the group's queue channels. */
    record Sent(HistoryPosition position, List<byte[]> queued) {
    }

    Sent send(Shard shard, String group, HistoryPolicy policy, String pubsubChannel, String groupQueueKey, byte[] body, String cutoff) {
        try {
            return send(shard, group, policy, pubsubChannel, groupQueueKey, body, cutoff, shard.replicated);
        } catch (RedisCommandExecutionException e) {
            if (!shard.replicated || e.getMessage() == null || !e.getMessage().startsWith("NOREPLICAS") || !shard.isSentinelsMaster()) {
                throw e;
            }
            // the sentinels' own master, its replica gone: the history goes on without a copy rather than stopping
            return send(shard, group, policy, pubsubChannel, groupQueueKey, body, cutoff, false);
        }
    }

    @SuppressWarnings("unchecked")
    private Sent send(Shard shard, String group, HistoryPolicy policy, String pubsubChannel, String groupQueueKey, byte[] body, String cutoff,
            boolean needReplica) {
        List<Object> result = shard.eval(shard.publishing(SEND_SCRIPT), ScriptOutputType.MULTI, new String[] {keys.historyMeta(group), keys.historyStream(group), groupQueueKey},
                bytes(ChannelNames.randomLetters(10)), bytes(Long.toString(META_TTL.toMillis())), bytes(Long.toString(policy.ttl().toMillis())),
                bytes(Integer.toString(policy.size())), bytes(pubsubChannel), body, bytes(cutoff), bytes(needReplica ? "1" : "0"));
        HistoryPosition position = new HistoryPosition((Long) result.get(0), text(result.get(1)));
        return new Sent(position, (List<byte[]>) result.get(2));
    }

    @SuppressWarnings("unchecked")
    HistoryPage read(Shard shard, String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        List<Object> result = shard.eval(READ_SCRIPT, ScriptOutputType.MULTI, new String[] {keys.historyMeta(group), keys.historyStream(group)},
                bytes(ChannelNames.randomLetters(10)), bytes(Long.toString(META_TTL.toMillis())), bytes(Long.toString(policy.ttl().toMillis())));
        String epoch = text(result.get(1));
        List<Message> kept = new ArrayList<>();
        for (Object entry : (List<Object>) result.get(2)) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            long offset = -1;
            byte[] body = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = text(fields.get(i));
                if (name.equals("o")) {
                    offset = Long.parseLong(text(fields.get(i + 1)));
                } else if (name.equals("d")) {
                    body = (byte[]) fields.get(i + 1);
                }
            }
            if (offset > 0 && body != null) {
                kept.add(new HistoryPosition(offset, epoch).stamp(MessageCodec.decode(body, 0)));
            }
        }
        return HistoryPage.of(kept, new HistoryPosition((Long) result.get(0), epoch), since, limit);
    }

    /** A published group payload as a message, stamped with its position when it has one. */
    static Message decodeGroupPayload(byte[] payload) {
        if (payload.length == 0 || payload[0] != 'h') {
            return MessageCodec.decode(payload, 0);
        }
        int start = MessageCodec.bodyStart(payload);
        String head = new String(payload, 1, start - 2, StandardCharsets.UTF_8);
        int space = head.indexOf(' ');
        HistoryPosition position = new HistoryPosition(Long.parseLong(head.substring(0, space)), head.substring(space + 1));
        return position.stamp(MessageCodec.decode(payload, start));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
