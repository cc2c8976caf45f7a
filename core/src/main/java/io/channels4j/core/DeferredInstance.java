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

    private ArrayDeque<Event> waiting; // guarded by this; only while the inner instance is being opened
    private CompletableFuture<Void> finishedEarly; // guarded by this; only when asked for before the inner instance exists
    private volatile ApplicationInstance opened; // the inner instance, once it exists
    private volatile ApplicationInstance inner; // the inner instance, once the events that waited for it are handed over

    private DeferredInstance() {
    }

    /**
     * A middleware's application named {@code name}: each connection runs {@code prepare} off the IO thread,
     * then opens {@code inner} with the scope it returns ({@code DeferredInstance.preparing("Users", inner, users::lookup)}).
     */
    public static WrappingApplication preparing(String name, Application inner, UnaryOperator<Scope> prepare) {
        return new WrappingApplication(name, inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                return DeferredInstance.open(scope, sender, inner, prepare);
            }
        };
    }

    /** Runs {@code prepare} off the IO thread (on the scope's {@link HandlerExecutor}), then opens {@code inner} with the scope it returns. */
    public static ApplicationInstance open(Scope scope, Sender sender, Application inner, UnaryOperator<Scope> prepare) {
        return open(scope, sender, inner, prepare, HandlerExecutor.of(scope));
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
        CompletableFuture<Void> early;
        synchronized (this) {
            this.opened = opened;
            early = finishedEarly;
        }
        if (early != null) {
            opened.finished().whenComplete((v, e) -> early.complete(null));
        }
        HandOver.offer();
        try {
            while (true) {
                Event next;
                synchronized (this) {
                    next = waiting == null ? null : waiting.poll();
                    if (next == null) {
                        inner = opened;
                        waiting = null;
                        return;
                    }
                }
                opened.receive(next);
            }
        } finally {
            HandOver.withdraw();
        }
    }

    @Override
    public void receive(Event event) {
        ApplicationInstance target = inner;
        if (target == null) {
            synchronized (this) {
                target = inner;
                if (target == null) {
                    if (waiting == null) {
                        waiting = new ArrayDeque<>(4);
                    }
                    waiting.add(event);
                    return;
                }
            }
        }
        target.receive(event);
    }

    @Override
    public CompletionStage<Void> finished() {
        ApplicationInstance target = opened;
        if (target != null) {
            return target.finished();
        }
        synchronized (this) {
            if (opened != null) {
                return opened.finished();
            }
            if (finishedEarly == null) {
                finishedEarly = new CompletableFuture<>();
            }
            return finishedEarly;
        }
    }

    @Override
    public void interrupt() {
        ApplicationInstance target = opened; // also while its first events run on the thread that prepared it
        if (target != null) {
            target.interrupt();
        }
    }

    @Override
    public String toString() {
        ApplicationInstance target = opened;
        return target == null ? "middleware still preparing the connection" : target.toString();
    }
}
