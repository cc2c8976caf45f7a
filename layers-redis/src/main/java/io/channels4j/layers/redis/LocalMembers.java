package io.channels4j.layers.redis;

import io.channels4j.core.Message;
import io.channels4j.core.MessageListener;
import io.channels4j.core.SkippedDeliveries;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This process's consumer channels and the groups they are in: where messages from Redis are delivered. */
final class LocalMembers {
    private static final Logger log = LoggerFactory.getLogger(LocalMembers.class);

    private final Map<String, MessageListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> membersOfGroup = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsOfChannel = new ConcurrentHashMap<>();
    private final SkippedDeliveries skipped = new SkippedDeliveries(log, Clock.systemUTC(), SkippedDeliveries.DEFAULT_INTERVAL);

    void add(String channel, MessageListener listener) {
        listeners.put(channel, listener);
    }

    boolean isLocal(String channel) {
        return listeners.containsKey(channel);
    }

    MessageListener listener(String channel) {
        return listeners.get(channel);
    }

    /** Forgets a channel; returns the groups it left that now have no local member. */
    List<String> remove(String channel) {
        if (listeners.remove(channel) == null) {
            return List.of();
        }
        Set<String> groups = groupsOfChannel.remove(channel);
        return groups == null ? List.of() : groups.stream().filter(group -> leave(group, channel)).toList();
    }

    /** Adds a local channel to a group; true when it is the group's first local member. */
    boolean join(String group, String channel) {
        groupsOfChannel.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(group);
        boolean[] first = new boolean[1];
        membersOfGroup.compute(group, (g, members) -> {
            if (members == null) {
                members = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            members.add(channel);
            return members;
        });
        return first[0];
    }

    /** Takes a local channel out of a group; true when the group has no local member left. */
    boolean leave(String group, String channel) {
        Set<String> groups = groupsOfChannel.get(channel);
        if (groups != null) {
            groups.remove(group);
        }
        boolean[] last = new boolean[1];
        membersOfGroup.computeIfPresent(group, (g, members) -> {
            members.remove(channel);
            last[0] = members.isEmpty();
            return last[0] ? null : members;
        });
        return last[0];
    }

    /** A send from another process: it cannot throw there, so a full consumer's refusal is counted and reported here. */
    void deliverToChannel(String channel, Message message) {
        MessageListener listener = listeners.get(channel);
        if (listener != null && !listener.offer(message)) {
            skipped.skipped("consumers of this process (sends from other processes)", 1);
        }
    }

    void deliverToGroup(String group, Message message) {
        Set<String> members = membersOfGroup.get(group);
        if (members == null) {
            return;
        }
        int full = 0;
        for (String member : members) {
            MessageListener listener = listeners.get(member);
            if (listener != null && !listener.offer(message)) {
                full++;
            }
        }
        if (full > 0) {
            skipped.skipped("group '" + group + "'", full);
        }
    }

    /** Counts and reports members of {@code group} that could not take a message. */
    void skipped(String group, int count) {
        skipped.skipped("group '" + group + "'", count);
    }

    long dropped() {
        return skipped.total();
    }

    int channels() {
        return listeners.size();
    }

    int groups() {
        return membersOfGroup.size();
    }
}
