package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.WebsocketConsumer;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HandshakeRateLimitTest {
    private static final String HANDSHAKE = "GET /ws/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    static final class Accepting extends WebsocketConsumer {
    }

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

    @Test
    void aReconnectStormFromOneAddressGets429WhileAnotherAddressConnects() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Accepting.class))
                .settings(ServerSettings.builder().handshakeRateLimit(1, 3).trustedProxy("127.0.0.1").build()).build().start();
        try {
            String refused = null;
            int accepted = 0;
            for (int i = 0; i < 30 && refused == null; i++) {
                String response = RawHttp.exchange(server.port(), HANDSHAKE + "\r\n");
                if (RawHttp.status(response) == 429) {
                    refused = response;
                } else {
                    assertEquals(101, RawHttp.status(response), response);
                    accepted++;
                }
            }
            assertTrue(refused != null, "a burst of handshakes from 127.0.0.1 is refused");
            assertTrue(accepted >= 3, "the burst allowance comes first: " + accepted);
            assertTrue(refused.matches("(?is).*\r\nRetry-After: [1-9][0-9]*\r\n.*"), refused);
            String other = RawHttp.exchange(server.port(), HANDSHAKE + "X-Forwarded-For: 203.0.113.9\r\n\r\n");
            assertEquals(101, RawHttp.status(other), "another client address, through the trusted proxy, still connects");
            assertTrue(server.meters().get("channels4j.handshakes.rejected").tag("status", "429").counter().count() >= 1);
        } finally {
            server.stop();
        }
    }

    @Test
    void offByDefault() throws Exception {
        UndertowServer server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Accepting.class)).build().start();
        try {
            for (int i = 0; i < 20; i++) {
                assertEquals(101, RawHttp.status(RawHttp.exchange(server.port(), HANDSHAKE + "\r\n")));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void refillsWithTimeAndTellsHowLongToWait() throws Exception {
        VirtualClock clock = new VirtualClock();
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(2, 2, 10, clock);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0);
        assertEquals(0, limiter.nanosToWait(client));
        assertEquals(0, limiter.nanosToWait(client));
        long wait = limiter.nanosToWait(client);
        assertEquals(Duration.ofMillis(500).toNanos(), wait, "one handshake back every half second");
        assertEquals("1", HandshakeRateLimiter.retryAfterSeconds(wait));
        clock.nanos.addAndGet(wait);
        assertEquals(0, limiter.nanosToWait(client));
    }

    @Test
    void theMapOfBucketsIsBoundedInSizeAndExpires() throws Exception {
        VirtualClock clock = new VirtualClock();
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 5, 10, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.nanosToWait(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 0));
        }
        assertTrue(limiter.trackedAddresses() <= 10, "at most 10 addresses kept: " + limiter.trackedAddresses());
        clock.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(0, limiter.trackedAddresses(), "a bucket unused until it would be full again is dropped");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(1, 1, 10, new VirtualClock());
        assertEquals(0, limiter.nanosToWait(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 0)));
        assertTrue(limiter.nanosToWait(new InetSocketAddress(InetAddress.getByName("2001:db8::2"), 0)) > 0);
        assertEquals(0, limiter.nanosToWait(new InetSocketAddress(InetAddress.getByName("2001:db8:0:1::1"), 0)));
    }
}
