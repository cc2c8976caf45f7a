package io.channels4j.core;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Group histories in this process: lost with it, so a restart starts every group in a new epoch. */
public final class InMemoryGroupHistory implements GroupHistory {
    private final Clock clock;
    private final Map<String, Log> logs = new ConcurrentHashMap<>();

    /** Histories timed by the system clock. */
    public InMemoryGroupHistory() {
        this(Clock.systemUTC());
    }

    /** Histories timed by {@code clock}; tests pass one they can move. */
    public InMemoryGroupHistory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public HistoryPosition append(String group, Message message, HistoryPolicy policy) {
        return logs.computeIfAbsent(group, g -> new Log()).append(message, policy);
    }

    @Override
    public HistoryPage read(String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        return logs.computeIfAbsent(group, g -> new Log()).read(since, limit, policy);
    }

    /** Forgets every history, as a wiped store does: the next message of each group starts a new epoch. */
    public void clear() {
        logs.clear();
    }

    private final class Log {
        private final String epoch = ChannelNames.randomLetters(10);
        private final ArrayDeque<Message> kept = new ArrayDeque<>();
        private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
        private long top;

        synchronized HistoryPosition append(Message message, HistoryPolicy policy) {
            HistoryPosition position = new HistoryPosition(++top, epoch);
            kept.add(position.stamp(message));
            sentAt.add(clock.millis());
            trim(policy);
            return position;
        }

        synchronized HistoryPage read(HistoryPosition since, int limit, HistoryPolicy policy) {
            trim(policy);
            return HistoryPage.of(new ArrayList<>(kept), new HistoryPosition(top, epoch), since, limit);
        }

        private void trim(HistoryPolicy policy) {
            long oldest = clock.millis() - policy.ttl().toMillis();
            while (kept.size() > policy.size() || (!sentAt.isEmpty() && sentAt.peek() < oldest)) {
                kept.poll();
                sentAt.poll();
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryGroupHistory[" + logs.size() + " groups]";
    }
}
