package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ImproperlyConfiguredException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleSettingsTest {
    private static final String SECRET = "test-secret-with-at-least-32-characters!";

    @Test
    void readsTrustedProxiesAsACommaSeparatedList() {
        SampleSettings settings = SampleSettings.from(Map.of("SECRET_KEY", SECRET, "TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")::get);
        assertEquals(List.of("127.0.0.1", "10.0.0.0/8"), settings.trustedProxies());
        assertEquals(List.of(), SampleSettings.from(Map.of("SECRET_KEY", SECRET)::get).trustedProxies());
    }

    @Test
    void rejectsATrustedProxyThatIsNotAnAddress() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> SampleSettings.from(Map.of("SECRET_KEY", SECRET, "TRUSTED_PROXIES", "nginx.local")::get));
        assertTrue(e.getMessage().contains("TRUSTED_PROXIES: Trusted proxy 'nginx.local' is not an IP address or CIDR block"), e.getMessage());
    }

    @Test
    void readsThePresenceGracePeriodInSecondsOrOff() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), SampleSettings.from(Map.of("SECRET_KEY", SECRET)::get).presenceGrace());
        assertEquals(Optional.of(Duration.ofMillis(500)), SampleSettings.from(Map.of("SECRET_KEY", SECRET, "PRESENCE_GRACE_SECONDS", "0.5")::get).presenceGrace());
        assertEquals(Optional.empty(), SampleSettings.from(Map.of("SECRET_KEY", SECRET, "PRESENCE_GRACE_SECONDS", "off")::get).presenceGrace());
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> SampleSettings.from(Map.of("SECRET_KEY", SECRET, "PRESENCE_GRACE_SECONDS", "soon")::get));
        assertTrue(e.getMessage().contains("PRESENCE_GRACE_SECONDS must be a number of seconds"), e.getMessage());
    }

    @Test
    void takesRedisUrlAsOneServerASentinelSetOrACluster() {
        for (String url : List.of("redis://127.0.0.1:6379/0", "rediss://h:6380", "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/0#mymaster",
                "redis-cluster://127.0.0.1:7000,127.0.0.1:7001")) {
            assertEquals(url, SampleSettings.from(Map.of("SECRET_KEY", SECRET, "REDIS_URL", url)::get).redisUrl().orElseThrow());
        }
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> SampleSettings.from(Map.of("SECRET_KEY", SECRET, "REDIS_URL", "sentinel://h:26379")::get));
        assertTrue(e.getMessage().contains("redis-sentinel://") && e.getMessage().contains("redis-cluster://"), e.getMessage());
    }
}
