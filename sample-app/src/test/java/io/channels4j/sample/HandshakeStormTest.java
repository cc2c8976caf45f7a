package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sample app limits WebSocket handshakes per client address (HANDSHAKES_PER_SECOND, HANDSHAKE_BURST). */
@Timeout(60)
class HandshakeStormTest {
    @Test
    void aReconnectStormFromOneAddressGets429() throws Exception {
        try (SampleApp app = SampleAppTest.start(Map.of("HANDSHAKES_PER_SECOND", "1", "HANDSHAKE_BURST", "3"))) {
            LiveClient client = new LiveClient(app.port());
            boolean refused = false;
            for (int i = 0; i < 30 && !refused; i++) {
                int status = client.handshakeStatus("/ws/update/", "Origin", client.origin());
                assertTrue(status == 101 || status == 429, "status " + status);
                refused = status == 429;
            }
            assertTrue(refused, "a burst of handshakes from one address is refused with 429");
        }
    }
}
