package io.channels4j.layers.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands what a node's pub/sub channels bring to its local members: decoded once per message, not per member. */
final class Deliveries extends RedisPubSubAdapter<String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final RedisKeys keys;
    private final LocalMembers members;
    private volatile RedisPresenceStore presence; // set once presence is tracked: its changes come on the same connections

    Deliveries(RedisKeys keys, LocalMembers members) {
        this.keys = keys;
        this.members = members;
    }

    void presence(RedisPresenceStore store) {
        this.presence = store;
    }

    @Override
    public void smessage(String channel, byte[] payload) {
        message(channel, payload);
    }

    @Override
    public void message(String channel, byte[] payload) {
        try {
            String group;
            if (keys.isNodeChannel(channel)) {
                int start = MessageCodec.bodyStart(payload);
                members.deliverToChannel(MessageCodec.head(payload, start), MessageCodec.decode(payload, start));
            } else if ((group = keys.groupOf(channel)) != null) {
                members.deliverToGroup(group, RedisHistory.decodeGroupPayload(payload));
            } else if (presence != null) {
                presence.changed(channel, payload);
            }
        } catch (RuntimeException e) {
            log.warn("Could not deliver a message from Redis channel {}", channel, e);
        }
    }
}
