package io.channels4j.core;

/**
 * A group's history cannot continue from a client's position: it is from another epoch (the history was
 * wiped), ahead of the history, or older than what the history keeps. The client missed messages it can no
 * longer get and should reload; {@link #top()} is where the history stands now.
 */
public final class HistoryGap extends Exception {
    private final String group;
    private final HistoryPosition requested;
    private final HistoryPosition top;

    /** A gap in {@code group} between {@code requested} and the history, which stands at {@code top}. */
    public HistoryGap(String group, HistoryPosition requested, HistoryPosition top) {
        super("Group '" + group + "' cannot resume from offset " + requested.offset() + " of epoch '" + requested.epoch()
                + "': its history is at offset " + top.offset() + " of epoch '" + top.epoch() + "' and no longer holds every message after it;"
                + " send the client the latest history and tell it to reload.", null, false, false);
        this.group = group;
        this.requested = requested;
        this.top = top;
    }

    /** The group. */
    public String group() {
        return group;
    }

    /** The position asked for. */
    public HistoryPosition requested() {
        return requested;
    }

    /** Where the group's history stands now, with its current epoch. */
    public HistoryPosition top() {
        return top;
    }
}
