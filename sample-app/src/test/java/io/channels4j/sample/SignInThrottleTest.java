package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.TimeMeter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private static final InetSocketAddress HOME = new InetSocketAddress("192.0.2.1", 0);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("192.0.2.2", 0);

    /** A clock the test moves by hand. */
    static final class VirtualClock implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private static void fail(SignInThrottle throttle, String account, InetSocketAddress client, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(Optional.empty(), throttle.attempt(account, client), "attempt " + (i + 1));
        }
    }

    @Test
    void anAccountRefillsOneAttemptPerTwelveSecondsAtFivePerMinute() {
        VirtualClock clock = new VirtualClock();
        SignInThrottle throttle = SignInThrottle.inMemory(5, 100, clock);
        fail(throttle, "alice", HOME, 5);
        Duration wait = throttle.attempt("alice", HOME).orElseThrow();
        assertEquals(Duration.ofSeconds(12), wait);
        clock.nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        assertTrue(throttle.attempt("alice", ELSEWHERE).isPresent(), "the account is limited from every address");
        clock.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.empty(), throttle.attempt("alice", HOME));
        assertTrue(throttle.attempt("alice", HOME).isPresent());
    }

    @Test
    void successesGiveTheirAttemptBack() {
        SignInThrottle throttle = SignInThrottle.inMemory(2, 2, new VirtualClock());
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), throttle.attempt("bob", HOME));
            throttle.succeeded("bob", HOME);
        }
    }

    @Test
    void anAddressIsLimitedAcrossAccountsWithoutChargingTheAccountItRefuses() {
        SignInThrottle throttle = SignInThrottle.inMemory(3, 3, new VirtualClock());
        fail(throttle, "a", HOME, 1);
        fail(throttle, "b", HOME, 1);
        fail(throttle, "c", HOME, 1);
        assertTrue(throttle.attempt("carol", HOME).isPresent());
        fail(throttle, "carol", ELSEWHERE, 3); // carol's three attempts are all still there
        assertTrue(throttle.attempt("carol", ELSEWHERE).isPresent());
    }

    @Test
    void zeroTurnsALimitOff() {
        SignInThrottle throttle = SignInThrottle.inMemory(0, 0, new VirtualClock());
        fail(throttle, "alice", HOME, 100);
    }
}
