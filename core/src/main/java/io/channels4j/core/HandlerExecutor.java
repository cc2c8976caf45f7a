package io.channels4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where consumer handlers and blocking middleware work run: never on a server IO thread, so a handler may
 * block on a database call. A server (or a {@link Worker}) starts one, puts it in each scope it builds
 * under {@link #SCOPE_KEY}, and closes it when it stops, so two servers in one process share nothing.
 *
 * <p>On JDK 21 and later each task runs on a virtual thread; on JDK 17 on a bounded pool of platform
 * threads, sized by the system property {@code channels4j.handlerThreads} (default 64). Handlers of one
 * connection still run one at a time: ordering is the consumer's mailbox's job, not the executor's. A
 * scope that carries none (an application opened by hand) runs each task on a thread of its own.
 */
public final class HandlerExecutor implements Executor, AutoCloseable {
    /** The executor of the server or worker that built the scope. */
    public static final ScopeKey<HandlerExecutor> SCOPE_KEY = ScopeKey.of("handler executor", HandlerExecutor.class,
            "use find(HandlerExecutor.SCOPE_KEY): servers and workers set it");
    private static final Logger log = LoggerFactory.getLogger(HandlerExecutor.class);
    private static final Executor THREAD_PER_TASK = HandlerExecutor::runOnNewThread;
    private static final AtomicInteger unowned = new AtomicInteger();

    private final ExecutorService executor;

    private HandlerExecutor(ExecutorService executor) {
        this.executor = executor;
    }

    /** Starts an executor (its threads start with the first tasks); close it with what started it. */
    public static HandlerExecutor start() {
        ExecutorService virtual = Boolean.getBoolean("channels4j.platformThreads") ? null : virtualExecutor();
        if (virtual != null) {
            log.debug("consumer handlers run on virtual threads");
            return new HandlerExecutor(virtual);
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
        return new HandlerExecutor(pool);
    }

    /** The executor that {@code scope}'s server or worker owns, or a thread per task when there is none. */
    static Executor of(Scope scope) {
        return scope.find(SCOPE_KEY).<Executor>map(e -> e).orElse(THREAD_PER_TASK);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Takes no new tasks; the ones already given still run, and the threads end after them. */
    @Override
    public void close() {
        executor.shutdown();
    }

    private static void runOnNewThread(Runnable task) {
        Thread thread = new Thread(task, "channels4j-handler-unowned-" + unowned.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
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
