package io.channels4j.core;

import io.channels4j.core.presence.PresenceMember;
import io.channels4j.core.presence.PresenceTracker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Named channels and groups that connections and workers use to talk to each other, as Channels' channel
 * layer: {@code send} to one channel, {@code groupSend} to every channel in a group.
 *
 * <p>Semantics shared by every layer: names are ASCII letters, digits, {@code -}, {@code _} and {@code .}
 * (a channel may add a {@code !} suffix), fewer than 100 characters, else {@link IllegalArgumentException};
 * each channel holds at most {@code capacity} undelivered messages (default 100) and {@code send} past that
 * throws {@link ChannelFullException}, while {@code groupSend} skips a full member (counted in
 * {@link #skippedDeliveries()} and logged at warning; a consumer's own policy then closes it with 1008, or drops
 * or conflates the message, see {@link Volatile} and {@link Latest}); messages expire after
 * 60 s and group memberships after 86 400 s. Consumers' own channels are {@link #subscribe subscriptions}:
 * pushed to the consumer, never polled, and freed with their group memberships when it ends.
 *
 * <p>Methods may block briefly (a network round trip for remote layers) and fail fast with
 * {@link ChannelLayerException} when the layer's backend is unreachable; call them from handlers, not IO threads.
 */
public interface ChannelLayer extends AutoCloseable {
    /** Channels' default capacity per channel. */
    int DEFAULT_CAPACITY = 100;
    /** Channels' default message expiry. */
    Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);
    /** Channels' default group membership expiry. */
    Duration DEFAULT_GROUP_EXPIRY = Duration.ofSeconds(86_400);

    /**
     * Sends {@code message} to one channel.
     *
     * @throws IllegalArgumentException when the channel name is invalid
     * @throws ChannelFullException when the channel already holds {@code capacity} messages
     */
    void send(String channel, Message message);

    /**
     * The next message on {@code channel}, when one arrives. Cancelling the future gives up the wait
     * without losing a message.
     *
     * @throws IllegalArgumentException when the channel name is invalid
     */
    CompletableFuture<Message> receive(String channel);

    /** A new unique channel name for {@link #receive}, starting with {@code specific.}. */
    default String newChannel() {
        return newChannel("specific");
    }

    /** A new unique channel name starting with {@code prefix}. */
    String newChannel(String prefix);

    /**
     * Creates a new channel whose messages are pushed to {@code listener} instead of waiting for
     * {@link #receive}; closing the subscription frees the channel and leaves every group it joined.
     */
    ChannelSubscription subscribe(MessageListener listener);

    /**
     * Adds {@code channel} to {@code group}; adding twice refreshes the membership.
     *
     * @throws IllegalArgumentException when a name is invalid
     */
    void groupAdd(String group, String channel);

    /**
     * Removes {@code channel} from {@code group}; removing a non-member does nothing.
     *
     * @throws IllegalArgumentException when a name is invalid
     */
    void groupDiscard(String group, String channel);

    /**
     * Sends {@code message} to every channel in {@code group}; full members are skipped, counted in
     * {@link #skippedDeliveries()} and logged at warning (rate-limited), never an error to the sender.
     *
     * @throws IllegalArgumentException when the group name is invalid
     */
    void groupSend(String group, Message message);

    /**
     * The history policy of {@code group}, from the layer's builder; null when the group keeps no history.
     * Messages sent to a group with a policy are kept and stamped with their {@link HistoryPosition}.
     */
    default HistoryPolicy historyPolicy(String group) {
        return null;
    }

    /**
     * Reads {@code group}'s history: every kept message after {@code since}, or the last {@code limit} when
     * {@code since} is null, stamped and oldest first; a gap when {@code since} cannot be continued from.
     *
     * @throws IllegalArgumentException when the group keeps no history (see {@link #historyPolicy})
     */
    default HistoryPage history(String group, HistoryPosition since, int limit) {
        throw new IllegalArgumentException("Group '" + group + "' keeps no history in " + getClass().getSimpleName()
                + ": give the layer's builder a policy for it, e.g. .history(\"" + group + "\", HistoryPolicy.keep(100, Duration.ofHours(24))).");
    }

    /**
     * How many messages this layer could not hand to a member because it was full, since it started: group
     * members skipped, and for remote layers sends that arrived for a full consumer of this process.
     */
    default long skippedDeliveries() {
        return 0;
    }

    /** Undelivered messages one channel may hold; subscribers enforce it on their own queues. */
    default int capacity() {
        return DEFAULT_CAPACITY;
    }

    /** How long an undelivered message lives; subscribers drop older ones unhandled. */
    default Duration expiry() {
        return DEFAULT_EXPIRY;
    }

    /**
     * The users present in {@code group}, each once with their connection count and meta, across every node;
     * empty when the layer tracks no presence for the group (see {@link io.channels4j.core.presence.PresencePolicy}).
     */
    default List<PresenceMember> presence(String group) {
        ChannelNames.requireValidGroup(group);
        return presenceTracker().filter(t -> t.tracks(group)).map(t -> t.members(group)).orElse(List.of());
    }

    /** This layer's presence tracker, when some group tracks presence; consumers report their connections to it. */
    default Optional<PresenceTracker> presenceTracker() {
        return Optional.empty();
    }

    /**
     * Whether the layer can reach what it depends on right now (a Redis layer: every shard); an unhealthy
     * layer still serves local consumers. Health checks answer from this. In memory: always true.
     */
    default boolean healthy() {
        return true;
    }

    /** Drops every queued message and group (not live subscriptions); for tests. */
    void flush();

    /** Releases the layer's resources. */
    @Override
    default void close() {
    }
}
