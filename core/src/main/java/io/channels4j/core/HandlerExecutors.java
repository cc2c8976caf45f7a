package io.channels4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where consumer handlers run: never on a server IO thread, so a handler may block on a database call.
 *
 * <p>On JDK 21 and later each task runs on a virtual thread; on JDK 17 on a bounded pool of platform
 * threads, sized by the system property {@code channels4j.handlerThreads} (default 64). Handlers of one
 * connection still run one at a time: ordering is the consumer's mailbox's job, not the executor's.
 */
final class HandlerExecutors {
    private static final Logger log = LoggerFactory.getLogger(HandlerExecutors.class);
    private static volatile ExecutorService shared;

    private HandlerExecutors() {
    }

    /** The process-wide handler executor, created on first use. */
    public static ExecutorService shared() {
        ExecutorService executor = shared;
        if (executor == null) {
            synchronized (HandlerExecutors.class) {
                executor = shared;
                if (executor == null) {
                    executor = create();
                    shared = executor;
                }
            }
        }
        return executor;
    }

    /** Whether handlers run on virtual threads (JDK 21+). */
    public static boolean virtualThreads() {
        return Runtime.version().feature() >= 21 && !Boolean.getBoolean("channels4j.platformThreads");
    }

    private static ExecutorService create() {
        ExecutorService virtual = virtualExecutor();
        if (virtual != null && !Boolean.getBoolean("channels4j.platformThreads")) {
            log.debug("consumer handlers run on virtual threads");
            return virtual;
        }
        int threads = Integer.getInteger("channels4j.handlerThreads", 64);
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "channels4j-handler-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        log.debug("consumer handlers run on a pool of {} platform threads", threads);
        return pool;
    }

    // compiled for Java 17, so the JDK 21 factory is looked up rather than called directly
    private static ExecutorService virtualExecutor() {
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (NoSuchMethodException | IllegalAccessException absent) {
            return null;
        } catch (Throwable unexpected) {
            log.warn("virtual threads are present but could not be started; using platform threads", unexpected);
            return null;
        }
    }
}
