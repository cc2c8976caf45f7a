package io.channels4j.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread will make true, checking it every millisecond until a
 * deadline; never a fixed sleep, and never a busy spin that would starve the threads doing the work.
 * <pre>
 * Eventually.await(Duration.ofSeconds(5), () -&gt; layer.groupCount() == 0, "consumers leave their groups");
 * </pre>
 */
public final class Eventually {
    private Eventually() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when it still does not hold at the deadline
     */
    public static void await(Duration timeout, BooleanSupplier condition, String what) {
        if (!holdsWithin(timeout, condition)) {
            throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting until " + what);
        }
    }

    /** Whether {@code condition} holds at some point within {@code timeout}. */
    public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }
}
