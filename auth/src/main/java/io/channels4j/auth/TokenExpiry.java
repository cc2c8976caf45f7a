package io.channels4j.auth;

import io.channels4j.core.CloseCodes;
import io.channels4j.core.Event;
import io.channels4j.core.Sender;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes token-authenticated WebSockets with 4401 when their token expires: one queue and one thread for
 * every connection of the process, never a timer per connection. A connection that ends first leaves the queue.
 */
final class TokenExpiry {
    private static final Logger log = LoggerFactory.getLogger(TokenExpiry.class);
    private static final TokenExpiry SHARED = new TokenExpiry();

    private final DelayQueue<Watch> queue = new DelayQueue<>();

    private TokenExpiry() {
        Thread thread = new Thread(this::run, "channels4j-token-expiry");
        thread.setDaemon(true);
        thread.start();
    }

    static TokenExpiry shared() {
        return SHARED;
    }

    void watch(Instant expiresAt, Sender sender, CompletionStage<Void> finished) {
        Watch watch = new Watch(expiresAt.toEpochMilli(), sender);
        queue.add(watch);
        finished.whenComplete((v, e) -> queue.remove(watch));
    }

    int watching() {
        return queue.size();
    }

    private void run() {
        while (true) {
            try {
                Watch due = queue.take();
                due.sender.send(new Event.WebsocketClose(CloseCodes.UNAUTHORIZED, "token expired"));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Could not close a connection whose token expired", e);
            }
        }
    }

    private static final class Watch implements Delayed {
        final long dueMillis;
        final Sender sender;

        Watch(long dueMillis, Sender sender) {
            this.dueMillis = dueMillis;
            this.sender = sender;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueMillis - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueMillis, ((Watch) other).dueMillis);
        }
    }
}
