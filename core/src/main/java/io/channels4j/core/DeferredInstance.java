package io.channels4j.core;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For middleware whose work may block (loading a session, looking up a user): the work runs on the
 * handler executor, not the server's IO thread, and the inner application is opened with its result.
 * Events that arrive meanwhile wait, in order, and are handed over once it is open.
 * <pre>
 * public ApplicationInstance open(Scope scope, Sender sender) {
 *     return DeferredInstance.open(scope, sender, inner, s -&gt; s.with(USER, users.lookup(s)));
 * }
 * </pre>
 * If the work throws, the connection is refused with 500 (WebSocket) or answered 500 (HTTP), and logged.
 */
public final class DeferredInstance implements ApplicationInstance {
    private static final Logger log = LoggerFactory.getLogger(DeferredInstance.class);

    private final ArrayDeque<Event> waiting = new ArrayDeque<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private ApplicationInstance inner;

    private DeferredInstance() {
    }

    /** Runs {@code prepare} off the IO thread, then opens {@code inner} with the scope it returns. */
    public static ApplicationInstance open(Scope scope, Sender sender, Application inner, UnaryOperator<Scope> prepare) {
        return open(scope, sender, inner, prepare, HandlerExecutors.shared());
    }

    /** As {@link #open(Scope, Sender, Application, UnaryOperator)}, on {@code executor}. */
    public static ApplicationInstance open(Scope scope, Sender sender, Application inner, UnaryOperator<Scope> prepare, Executor executor) {
        DeferredInstance deferred = new DeferredInstance();
        executor.execute(() -> {
            ApplicationInstance opened;
            try {
                opened = inner.open(prepare.apply(scope), sender);
            } catch (RuntimeException | LinkageError e) {
                log.error("Middleware failed preparing {}", scope, e);
                opened = Application.rejecting(500, "Internal Server Error").open(scope, sender);
            }
            deferred.ready(opened);
        });
        return deferred;
    }

    private void ready(ApplicationInstance opened) {
        opened.finished().whenComplete((v, e) -> finished.complete(null));
        while (true) {
            Event next;
            synchronized (waiting) {
                next = waiting.poll();
                if (next == null) {
                    inner = opened;
                    return;
                }
            }
            opened.receive(next);
        }
    }

    @Override
    public void receive(Event event) {
        ApplicationInstance target;
        synchronized (waiting) {
            target = inner;
            if (target == null) {
                waiting.add(event);
                return;
            }
        }
        target.receive(event);
    }

    @Override
    public CompletionStage<Void> finished() {
        return finished;
    }

    @Override
    public void interrupt() {
        ApplicationInstance target;
        synchronized (waiting) {
            target = inner;
        }
        if (target != null) {
            target.interrupt();
        }
    }
}
