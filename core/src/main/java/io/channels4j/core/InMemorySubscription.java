package io.channels4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** A live consumer's channel on the in-memory layer, and the groups it is in (so closing it leaves them). */
final class InMemorySubscription implements ChannelSubscription {
    private static final String[] NO_GROUPS = new String[0];

    private final String channel;
    private final MessageListener listener;
    private final Consumer<InMemorySubscription> closed;
    private String[] groups = NO_GROUPS; // guarded by this; a handful per connection, kept as small as it gets

    InMemorySubscription(String channel, MessageListener listener, Consumer<InMemorySubscription> closed) {
        this.channel = channel;
        this.listener = listener;
        this.closed = closed;
    }

    @Override
    public String channel() {
        return channel;
    }

    MessageListener listener() {
        return listener;
    }

    synchronized void joined(String group) {
        if (!Arrays.asList(groups).contains(group)) {
            groups = Arrays.copyOf(groups, groups.length + 1);
            groups[groups.length - 1] = group;
        }
    }

    synchronized void left(String group) {
        List<String> rest = new ArrayList<>(Arrays.asList(groups));
        if (rest.remove(group)) {
            groups = rest.toArray(NO_GROUPS);
        }
    }

    /** Forgets every group, returning them. */
    synchronized String[] leftAll() {
        String[] all = groups;
        groups = NO_GROUPS;
        return all;
    }

    @Override
    public void close() {
        closed.accept(this);
    }
}
