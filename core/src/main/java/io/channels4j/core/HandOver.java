package io.channels4j.core;

/**
 * Marks the thread that just prepared a connection off the IO thread ({@link DeferredInstance}): it may block,
 * so the consumer it opened runs its first events there instead of waiting for another executor thread.
 * One claim per hand-over, so handlers never run other consumers' events on their own thread.
 */
final class HandOver {
    private static final ThreadLocal<Boolean> OFFERED = new ThreadLocal<>();

    private HandOver() {
    }

    static void offer() {
        OFFERED.set(Boolean.TRUE);
    }

    static void withdraw() {
        OFFERED.remove();
    }

    /** True once after {@link #offer()} on this thread. */
    static boolean claim() {
        if (OFFERED.get() == null) {
            return false;
        }
        OFFERED.remove();
        return true;
    }
}
