package io.channels4j.testing;

import io.channels4j.core.Event;
import io.channels4j.core.Scope;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The events an application sent back, in order, with waits that fail with a message naming the path. */
final class Outputs {
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Scope scope;
    private final String path; // as the test gave it, for failure messages

    Outputs(Scope scope, String path) {
        this.scope = scope;
        this.path = path;
    }

    void add(Event event) {
        queue.add(event);
    }

    Event next(Duration timeout, String waitingFor) {
        Event event = poll(timeout, waitingFor);
        if (event == null) {
            throw new AssertionError("No " + waitingFor + " from the application on " + scope.path() + " within " + timeout.toMillis() + " ms");
        }
        return event;
    }

    /** The next event, which must be a {@code type}; {@code expected} names it in the failure, e.g. "a close". */
    <T extends Event> T next(Duration timeout, Class<T> type, String waitingFor, String expected) {
        Event event = next(timeout, waitingFor);
        if (!type.isInstance(event)) {
            throw new AssertionError("Expected " + expected + " from " + path + ", got " + event.type());
        }
        return type.cast(event);
    }

    /** The next event, or null when none comes in time. */
    Event poll(Duration timeout, String waitingFor) {
        try {
            return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + waitingFor + " on " + scope.path(), e);
        }
    }

    boolean nothingWithin(Duration timeout) {
        try {
            Event event = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (event == null) {
                return true;
            }
            // put it back in front so a later receive still sees it
            LinkedBlockingQueue<Event> rest = new LinkedBlockingQueue<>();
            queue.drainTo(rest);
            queue.add(event);
            rest.drainTo(queue);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
