package io.channels4j.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The threads alive at one moment, to tell which threads a piece of code started and left running.
 * <pre>
 * ThreadBaseline before = ThreadBaseline.take();
 * ... run the test class ...
 * List&lt;Thread&gt; leaked = before.leftRunning(Duration.ofSeconds(10));
 * </pre>
 */
public final class ThreadBaseline {
    /**
     * Threads that the JVM, the test runner or the JDK start once per process and keep, whoever made them start.
     * Nothing of channels4j belongs here: a thread of ours that outlives its test is a leak to fix, not to list.
     */
    private static final List<String> PROCESS_WIDE = List.of(
            "ForkJoinPool.commonPool-worker-", // CompletableFuture's default async pool
            "CompletableFutureDelayScheduler", // the JDK's one timer thread behind orTimeout() and delayedExecutor()
            "Common-Cleaner", "Attach Listener", "process reaper", "Signal Dispatcher", "Reference Handler",
            "Finalizer", "Notification Thread", "JFR ", "surefire-forkedjvm-", "junit-jupiter-timeout-watcher",
            "HttpClient-", // the JDK 17 HttpClient has no close(): its selector thread ends when the client is collected
            "Cleaner-", // java.lang.ref.Cleaner threads that drivers start once per process (the PostgreSQL driver's)
            "parallel-", // Reactor's global parallel scheduler, which Lettuce's Sentinel topology lookups start
            "UrlChecker-"); // Selenium's static pool that waits for a driver to come up; idle threads end after 60 s

    private final Set<Thread> alive;

    private ThreadBaseline(Set<Thread> alive) {
        this.alive = alive;
    }

    /** The threads alive now. */
    public static ThreadBaseline take() {
        Set<Thread> alive = Collections.newSetFromMap(new IdentityHashMap<>());
        alive.addAll(Thread.getAllStackTraces().keySet());
        return new ThreadBaseline(alive);
    }

    /**
     * The threads started since this baseline that are still alive after waiting up to {@code wait} for them to
     * end (joining them, never sleeping), except the JVM's and the JDK's process-wide ones; empty when none.
     */
    public List<Thread> leftRunning(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Thread> started = startedSince(); // again each time: a stopping thread may start another
            if (started.isEmpty() || System.nanoTime() >= deadline) {
                return started;
            }
            try {
                // woken at once when it ends; rechecked every 10 ms, since a pool thread turns idle without ending
                started.get(0).join(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return startedSince();
            }
        }
    }

    private List<Thread> startedSince() {
        List<Thread> started = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !alive.contains(thread) && !processWide(thread.getName())) {
                started.add(thread);
            }
        }
        return started;
    }

    private static boolean processWide(String name) {
        for (String prefix : PROCESS_WIDE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** One line per thread: its name, state and where it is, for a failure message. */
    public static String describe(List<Thread> threads) {
        StringBuilder text = new StringBuilder();
        for (Thread thread : threads) {
            StackTraceElement[] stack = thread.getStackTrace();
            text.append("\n  '").append(thread.getName()).append("' (").append(thread.isDaemon() ? "daemon, " : "")
                    .append(thread.getState()).append(')');
            for (int i = 0; i < Math.min(stack.length, 6); i++) {
                text.append("\n      at ").append(stack[i]);
            }
        }
        return text.toString();
    }
}
