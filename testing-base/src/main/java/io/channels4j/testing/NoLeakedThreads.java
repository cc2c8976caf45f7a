package io.channels4j.testing;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves behind a thread it started: after the class, every thread started since it
 * began must end within 10 seconds (waited for by joining it, never by sleeping). Every module's tests run with
 * it: it is registered through {@code META-INF/services} and the build turns on
 * {@code junit.jupiter.extensions.autodetection.enabled}; {@code @ExtendWith(NoLeakedThreads.class)} works too.
 */
public final class NoLeakedThreads implements BeforeAllCallback, AfterAllCallback {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeakedThreads.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), ThreadBaseline.take());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ThreadBaseline before = context.getStore(NAMESPACE).remove(context.getUniqueId(), ThreadBaseline.class);
        if (before == null) {
            return;
        }
        List<Thread> leaked = before.leftRunning(WAIT);
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + leaked.size() + " thread(s) running " + WAIT.toSeconds()
                    + " s after its last test: stop what the tests start (server, worker, layer, executor) in @AfterEach"
                    + " or @AfterAll, or make the class that started the thread stop it when closed." + ThreadBaseline.describe(leaked));
        }
    }
}
