package io.channels4j.core.presence;

import io.channels4j.core.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One group as one node sees it: its own members' connections, every node's entries, the users announced to
 * its members, and the users in their grace period. Not thread-safe: {@link PresenceTracker} guards it.
 */
final class GroupPresence {
    private static final long COUNT_INTERVAL_MILLIS = 1000;

    private final String group;
    private final PresencePolicy policy;
    private final BiConsumer<String, Message> sink;
    private final Map<String, String> channelUsers = new HashMap<>();
    private final Map<String, Integer> localCounts = new HashMap<>();
    private final Map<String, Map<String, Object>> localMeta = new HashMap<>();
    private final Map<String, Map<String, PresenceEntry>> entries = new HashMap<>(); // user -> node -> entry
    private final Map<String, Long> leavingAt = new LinkedHashMap<>();
    private final Set<String> visible = new LinkedHashSet<>();
    private boolean countDirty;
    private long lastCountAt = Long.MIN_VALUE / 2;
    volatile boolean loaded; // written under the tracker's write lock, read under its state lock
    private boolean quiet;

    GroupPresence(String group, PresencePolicy policy, BiConsumer<String, Message> sink) {
        this.group = group;
        this.policy = policy;
        this.sink = sink;
    }

    /** Records a local connection; returns its user. */
    String connect(String channel, PresenceIdentity identity) {
        String previous = channelUsers.put(channel, identity.user());
        if (previous == null) {
            localCounts.merge(identity.user(), 1, Integer::sum);
        }
        localMeta.put(identity.user(), identity.meta());
        return identity.user();
    }

    /** Forgets a local connection; returns its user, or null when it was not a member. */
    String disconnect(String channel) {
        String user = channelUsers.remove(channel);
        if (user != null && localCounts.merge(user, -1, Integer::sum) <= 0) {
            localCounts.remove(user);
            localMeta.remove(user);
        }
        return user;
    }

    /** This node's entry for {@code user} as it stands now. */
    PresenceEntry localEntry(String node, String user, long seq) {
        return new PresenceEntry(node, user, seq, localCounts.getOrDefault(user, 0), localMeta.getOrDefault(user, Map.of()));
    }

    boolean hasLocalMembers() {
        return !channelUsers.isEmpty();
    }

    Set<String> localUsers() {
        return new HashSet<>(localCounts.keySet());
    }

    /** Takes in one node's entry, unless a newer one from the same node is already known. */
    void apply(PresenceEntry entry, long now) {
        Map<String, PresenceEntry> byNode = entries.computeIfAbsent(entry.user(), u -> new HashMap<>());
        PresenceEntry old = byNode.get(entry.node());
        if (old != null && old.seq() >= entry.seq()) {
            return;
        }
        byNode.put(entry.node(), entry);
        settle(entry.user(), now, false);
    }

    /** Takes in what the store held when this node started watching: old news, so nobody hears of it. */
    void applyQuietly(PresenceEntry entry, long now) {
        quiet = true;
        try {
            apply(entry, now);
        } finally {
            quiet = false;
        }
    }

    /** Removes dead nodes' entries; their users with no other connection leave at once (the node's timeout was their grace). */
    List<PresenceEntry> dropNodes(Set<String> dead, long now) {
        List<PresenceEntry> dropped = new ArrayList<>();
        for (String user : new ArrayList<>(entries.keySet())) {
            Map<String, PresenceEntry> byNode = entries.get(user);
            boolean any = false;
            for (String node : dead) {
                PresenceEntry gone = byNode.remove(node);
                if (gone != null) {
                    dropped.add(gone);
                    any = true;
                }
            }
            if (any) {
                settle(user, now, true);
            }
        }
        return dropped;
    }

    /** Nodes other than {@code self} with an entry here. */
    Set<String> remoteNodes(String self) {
        Set<String> nodes = new HashSet<>();
        entries.values().forEach(byNode -> nodes.addAll(byNode.keySet()));
        nodes.remove(self);
        return nodes;
    }

    /** Ends grace periods that are over, and sends a pending count when a second has passed since the last. */
    void tick(long now) {
        for (Iterator<Map.Entry<String, Long>> it = leavingAt.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> leaving = it.next();
            if (leaving.getValue() <= now) {
                it.remove();
                if (connections(leaving.getKey()) == 0) {
                    leave(leaving.getKey(), now);
                }
            }
        }
        flushCount(now);
    }

    /** The users announced to this node's members, each once. */
    List<PresenceMember> members() {
        List<PresenceMember> members = new ArrayList<>(visible.size());
        for (String user : visible) {
            members.add(new PresenceMember(user, connections(user), meta(user)));
        }
        return members;
    }

    private void settle(String user, long now, boolean nodeDied) {
        if (connections(user) > 0) {
            leavingAt.remove(user);
            if (visible.add(user)) {
                announce("presence.join", user, visible.size(), now);
            }
        } else if (visible.contains(user)) {
            if (nodeDied || policy.graceperiod().isZero()) {
                leavingAt.remove(user);
                leave(user, now);
            } else {
                leavingAt.putIfAbsent(user, now + policy.graceperiod().toMillis());
            }
        } else {
            entries.remove(user);
        }
    }

    private void leave(String user, long now) {
        int size = visible.size(); // whether the room was large is judged before this user left
        visible.remove(user);
        entries.remove(user);
        announce("presence.leave", user, size, now);
    }

    private void announce(String type, String user, int size, long now) {
        if (quiet) {
            return;
        }
        if (size > policy.countOnlyAbove()) {
            countDirty = true;
            flushCount(now);
            return;
        }
        Message event = type.equals("presence.join")
                ? Message.of(type, "group", group, "user", user, "meta", meta(user))
                : Message.of(type, "group", group, "user", user);
        channelUsers.forEach((channel, owner) -> {
            if (!owner.equals(user)) { // a user's own arrival is news to no one of its own connections
                sink.accept(channel, event);
            }
        });
    }

    private void flushCount(long now) {
        if (!countDirty || now - lastCountAt < COUNT_INTERVAL_MILLIS) {
            return;
        }
        countDirty = false;
        lastCountAt = now;
        Message count = Message.of("presence.count", "group", group, "count", visible.size());
        channelUsers.keySet().forEach(channel -> sink.accept(channel, count));
    }

    private int connections(String user) {
        Map<String, PresenceEntry> byNode = entries.get(user);
        if (byNode == null) {
            return 0;
        }
        int sum = 0;
        for (PresenceEntry entry : byNode.values()) {
            sum += entry.connections();
        }
        return sum;
    }

    private Map<String, Object> meta(String user) {
        Map<String, PresenceEntry> byNode = entries.get(user);
        if (byNode != null) {
            for (PresenceEntry entry : byNode.values()) {
                if (entry.connections() > 0) {
                    return entry.meta();
                }
            }
        }
        return Map.of();
    }
}
