package io.channels4j.core;

/**
 * Where a single-node layer keeps its groups' histories: in memory by default, or a database so that history
 * survives a restart. Positions must be assigned atomically, also when several processes share the store.
 */
public interface GroupHistory extends AutoCloseable {
    /**
     * Appends {@code message} to {@code group}'s history, trims it to {@code policy}, and returns the message's
     * position: the previous offset plus 1, in the current epoch (a new epoch when the group had no history).
     */
    HistoryPosition append(String group, Message message, HistoryPolicy policy);

    /**
     * The messages of {@code group} after {@code since}, or its last {@code limit} when {@code since} is null;
     * see {@link HistoryPage#of}. A group never written gets its epoch here, so a client can hold a position.
     */
    HistoryPage read(String group, HistoryPosition since, int limit, HistoryPolicy policy);

    /** Releases what the store holds; the default does nothing. */
    @Override
    default void close() {
    }
}
