package io.channels4j.auth;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the session store is failing, so an outage is logged once when it starts and once when it ends,
 * not once per request (an attacker, or a busy site, would otherwise fill the log).
 */
final class StoreOutage {
    private static final Logger log = LoggerFactory.getLogger(SessionMiddleware.class);

    private final AtomicBoolean down = new AtomicBoolean();

    /** A store call failed with {@code cause}. */
    void failed(RuntimeException cause) {
        if (down.compareAndSet(false, true)) {
            log.error("Session store unavailable ({}): answering 503 to requests that need a session until it is back",
                    cause.toString());
        }
    }

    /** A store call succeeded. */
    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.warn("Session store reachable again");
        }
    }
}
