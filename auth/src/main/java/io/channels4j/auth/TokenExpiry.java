package io.channels4j.auth;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Sender;
import java.time.Clock;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes token-authenticated WebSockets with 4401 when their token expires, and runs the session re-checks of
 * {@link SessionExpiry}: one queue and one thread for every connection of its {@link AuthMiddleware}, never a
 * timer per connection. The thread starts with the
 * first watch and stops on {@link #close()}. Time is read from the authenticator's clock, re-read at least
 * every second so a clock that jumps (NTP, or a test's virtual clock) is followed.
 */
final class TokenExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenExpiry.class);
    private static final long RECHECK_MILLIS = 1000;

    private final Clock clock;
    private final PriorityQueue<Watch> queue = new PriorityQueue<>(); // guarded by this
    private Thread thread; // guarded by this
    private boolean closed; // guarded by this

    TokenExpiry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Closes {@code sender}'s socket with 4401 at {@code expiresAt}, unless {@code finished} completes first.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    void watch(Instant expiresAt, Sender sender, CompletionStage<Void> finished) {
        Watch watch = new Watch(expiresAt.toEpochMilli(), () -> closeExpired(sender));
        add(watch);
        finished.whenComplete((v, e) -> {
            synchronized (this) {
                queue.remove(watch);
            }
        });
    }

    /** Runs {@code task} on the expiry thread once the clock reaches {@code dueMillis}; nothing after {@link #close()}. */
    void at(long dueMillis, Runnable task) {
        try {
            add(new Watch(dueMillis, task));
        } catch (IllegalStateException closed) {
            // the middleware is closed: its sockets are no longer watched
        }
    }

    Clock clock() {
        return clock;
    }

    private void add(Watch watch) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("This AuthMiddleware is closed: build a new stack to accept token-authenticated sockets.");
            }
            queue.add(watch);
            if (thread == null) {
                thread = new Thread(this::run, "channels4j-token-expiry");
                thread.setDaemon(true);
                thread.start();
            }
            notifyAll();
        }
    }

    private static void closeExpired(Sender sender) {
        try {
            sender.send(new Event.WebsocketClose(CloseCodes.UNAUTHORIZED, "token expired"));
        } catch (RuntimeException e) {
            log.warn("Could not close a connection whose token expired", e);
        }
    }

    synchronized int watching() {
        return queue.size();
    }

    /** Stops the thread and waits for it; watched sockets stay open. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            queue.clear();
            running = thread;
            notifyAll();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            Watch due;
            synchronized (this) {
                try {
                    due = nextDue();
                } catch (InterruptedException e) {
                    return;
                }
                if (due == null) {
                    return; // closed
                }
            }
            try {
                due.task.run();
            } catch (RuntimeException e) {
                log.warn("An expiry check failed", e);
            }
        }
    }

    // holds the lock; null once closed
    private Watch nextDue() throws InterruptedException {
        while (!closed) {
            Watch head = queue.peek();
            long now = clock.millis();
            if (head != null && head.dueMillis <= now) {
                return queue.poll();
            }
            wait(head == null ? 0 : Math.min(head.dueMillis - now, RECHECK_MILLIS));
        }
        return null;
    }

    private static final class Watch implements Comparable<Watch> {
        final long dueMillis;
        final Runnable task;

        Watch(long dueMillis, Runnable task) {
            this.dueMillis = dueMillis;
            this.task = task;
        }

        @Override
        public int compareTo(Watch other) {
            return Long.compare(dueMillis, other.dueMillis);
        }
    }
}
