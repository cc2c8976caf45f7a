package io.channels4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups that middleware asks every consumer of a connection to join, besides the consumer's own
 * {@link WebsocketConsumer#groups()}: auth puts each authenticated connection in its user's group, so an
 * app can reach all of one user's sockets on every node.
 *
 * @param names the group names
 */
public record ConnectionGroups(List<String> names) {
    /** Where middleware puts the groups in the scope. */
    public static final ScopeKey<ConnectionGroups> KEY = ScopeKey.of("connection groups", ConnectionGroups.class);

    /** Makes the list immutable and checks each name. */
    public ConnectionGroups {
        names = List.copyOf(names);
        names.forEach(ChannelNames::requireValidGroup);
    }

    /** The scope with {@code group} added to its connection groups. */
    public static Scope add(Scope scope, String group) {
        List<String> names = new ArrayList<>(scope.find(KEY).map(ConnectionGroups::names).orElse(List.of()));
        if (!names.contains(group)) {
            names.add(group);
        }
        return scope.with(KEY, new ConnectionGroups(names));
    }

    /** The connection groups of {@code scope}; empty when middleware added none. */
    public static List<String> of(Scope scope) {
        return scope.find(KEY).map(ConnectionGroups::names).orElse(List.of());
    }
}
