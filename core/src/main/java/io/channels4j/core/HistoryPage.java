package io.channels4j.core;

import java.util.List;

/**
 * What a read of a group's history found: the messages (stamped with their positions, oldest first), the
 * history's latest position, and whether the requested position could not be continued from.
 *
 * @param messages the messages after the requested position (or the latest ones), oldest first
 * @param top the position of the group's latest message; offset 0 when none was ever sent in this epoch
 * @param gap true when the requested position is from another epoch, ahead of the top, or older than what is kept;
 *     {@code messages} is then empty
 */
public record HistoryPage(List<Message> messages, HistoryPosition top, boolean gap) {
    /** Copies the list. */
    public HistoryPage {
        messages = List.copyOf(messages);
    }

    /**
     * The page a store answers from what it keeps: {@code kept} are the retained messages, stamped and oldest
     * first; {@code since} null asks for the last {@code limit} of them.
     */
    public static HistoryPage of(List<Message> kept, HistoryPosition top, HistoryPosition since, int limit) {
        if (since == null) {
            return new HistoryPage(kept.subList(Math.max(0, kept.size() - limit), kept.size()), top, false);
        }
        if (!since.epoch().equals(top.epoch()) || since.offset() > top.offset()) {
            return new HistoryPage(List.of(), top, true);
        }
        if (since.offset() == top.offset()) {
            return new HistoryPage(List.of(), top, false);
        }
        int from = -1;
        for (int i = 0; i < kept.size(); i++) {
            if (HistoryPosition.of(kept.get(i)).offset() > since.offset()) {
                from = i;
                break;
            }
        }
        // the next message the reader needs must still be kept, else some it never saw are gone
        if (from < 0 || HistoryPosition.of(kept.get(from)).offset() != since.offset() + 1) {
            return new HistoryPage(List.of(), top, true);
        }
        return new HistoryPage(kept.subList(from, kept.size()), top, false);
    }
}
