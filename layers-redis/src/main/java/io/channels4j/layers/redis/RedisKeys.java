package io.channels4j.layers.redis;

/**
 * Every Redis key and pub/sub channel name the layer and its stores use, spelled once. Braces are hash tags: on a
 * cluster, the keys and channel one script touches must share a slot, so a group's names all carry {@code {group}}.
 */
final class RedisKeys {
    private static final String SPECIFIC = "specific.";

    private final String prefix;
    private final String nodeChannels;
    private final String groupChannels;
    private final String presenceChannels;

    RedisKeys(String prefix) {
        this.prefix = prefix;
        this.nodeChannels = prefix + ":node:";
        this.groupChannels = prefix + ":group:";
        this.presenceChannels = prefix + ":presence:";
    }

    /** A consumer channel of {@code node}: {@code specific.<node>!<suffix>}, as Channels names them. */
    static String specificChannel(String node, String suffix) {
        return SPECIFIC + node + "!" + suffix;
    }

    /** The node a {@code specific.<node>!…} channel lives on, or null for a queue channel. */
    static String nodeOf(String channel) {
        if (!channel.startsWith(SPECIFIC)) {
            return null;
        }
        int bang = channel.indexOf('!');
        return bang < 0 ? null : channel.substring(SPECIFIC.length(), bang);
    }

    /** Every key under the prefix, for {@code KEYS} in flush. */
    String all() {
        return prefix + ":*";
    }

    /** The pub/sub channel a node's consumer channels receive on. */
    String nodeChannel(String node) {
        return nodeChannels + node;
    }

    boolean isNodeChannel(String channel) {
        return channel.startsWith(nodeChannels);
    }

    /** The group's pub/sub channel. */
    String groupChannel(String group) {
        return groupChannels + "{" + group + "}";
    }

    /** The group named in a {@link #groupChannel} name, or null for any other channel. */
    String groupOf(String channel) {
        return channel.startsWith(groupChannels) ? channel.substring(groupChannels.length() + 1, channel.length() - 1) : null;
    }

    /** The sorted set of a group's queue-channel members, in its channel's slot. */
    String groupQueue(String group) {
        return prefix + ":groupq:{" + group + "}";
    }

    /** The list a queue channel's messages wait in. */
    String queue(String channel) {
        return prefix + ":queue:" + channel;
    }

    /** A group's history epoch and top position. */
    String historyMeta(String group) {
        return prefix + ":history:{" + group + "}:meta";
    }

    /** A group's history entries. */
    String historyStream(String group) {
        return prefix + ":history:{" + group + "}:stream";
    }

    /** What picks the shard every node looks for liveness on. */
    String presenceHome() {
        return prefix + ":presence";
    }

    /** The hash of a group's present users, in its channel's slot. */
    String presenceMembers(String group) {
        return prefix + ":presence:members:{" + group + "}";
    }

    /** The pub/sub channel a group's presence changes are published on. */
    String presenceChannel(String group) {
        return presenceChannels + "{" + group + "}";
    }

    /** The group named in a {@link #presenceChannel} name, or null for any other channel. */
    String presenceGroupOf(String channel) {
        return channel.startsWith(presenceChannels) ? channel.substring(presenceChannels.length() + 1, channel.length() - 1) : null;
    }

    /** A node's liveness key; one slot ({@code {nodes}}) for every node's key, so the sweep is one MGET. */
    String presenceNode(String node) {
        return prefix + ":presence:node:{nodes}:" + node;
    }

    /** A session's key. */
    String session(String sessionId) {
        return prefix + ":session:" + sessionId;
    }
}
