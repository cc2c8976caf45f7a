package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandlerExecutorTest {
    private static Thread runOn(java.util.concurrent.Executor executor) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        executor.execute(() -> ran.complete(Thread.currentThread()));
        return ran.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aScopeRunsItsHandlersOnTheExecutorOfWhatBuiltIt() throws Exception {
        try (HandlerExecutor first = HandlerExecutor.start(); HandlerExecutor second = HandlerExecutor.start()) {
            Scope one = Scope.builder(Scope.Type.HTTP).attribute(HandlerExecutor.SCOPE_KEY, first).build();
            Scope two = Scope.builder(Scope.Type.HTTP).attribute(HandlerExecutor.SCOPE_KEY, second).build();
            assertEquals(first, HandlerExecutor.of(one));
            assertEquals(second, HandlerExecutor.of(two));
            second.close();
            assertNotEquals(Thread.currentThread(), runOn(HandlerExecutor.of(one)), "closing one server's executor leaves the other's running");
        }
    }

    @Test
    void closingTheExecutorEndsItsThreads() throws Exception {
        HandlerExecutor executor = HandlerExecutor.start();
        Thread thread = runOn(executor);
        executor.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "an owned executor leaves no idle thread behind once closed");
    }

    @Test
    void aScopeWithoutOneRunsEachTaskOnAThreadThatEnds() throws Exception {
        Thread thread = runOn(HandlerExecutor.of(Scope.builder(Scope.Type.HTTP).build()));
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(thread.getName().startsWith("channels4j-handler-unowned-"), thread.getName());
        assertFalse(thread.isAlive());
    }
}
