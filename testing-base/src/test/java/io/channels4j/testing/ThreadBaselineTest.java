package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ThreadBaselineTest {
    @Test
    void aThreadStartedAfterTheBaselineAndStillRunningIsReported() throws InterruptedException {
        ThreadBaseline before = ThreadBaseline.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck-for-the-test");
        stuck.start();
        try {
            List<Thread> leaked = before.leftRunning(Duration.ofMillis(50));
            assertEquals(List.of(stuck), leaked);
            assertTrue(ThreadBaseline.describe(leaked).contains("'stuck-for-the-test'"));
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), before.leftRunning(Duration.ofSeconds(10)), "a thread that ends within the wait is no leak");
    }

    @Test
    void threadsAliveAtTheBaselineAreNotReported() {
        assertEquals(List.of(), ThreadBaseline.take().leftRunning(Duration.ZERO));
    }
}
