package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.WebsocketCommunicator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OriginValidatorTest {
    static final class Open extends WebsocketConsumer {
    }

    private static int status(Application app, String... headers) {
        WebsocketCommunicator ws = WebsocketCommunicator.of(app, "/ws/");
        for (int i = 0; i < headers.length; i += 2) {
            ws.header(headers[i], headers[i + 1]);
        }
        try (ws) {
            return ws.connect().status();
        }
    }

    @Test
    void exactOriginsNeedSchemeHostAndPort() {
        OriginValidator validator = OriginValidator.of(List.of("https://chat.example.com", "http://localhost:8000"));
        assertTrue(validator.allowed("https://chat.example.com"));
        assertTrue(validator.allowed("https://chat.example.com:443"));
        assertTrue(validator.allowed("http://LOCALHOST:8000"));
        assertFalse(validator.allowed("http://chat.example.com"));
        assertFalse(validator.allowed("https://chat.example.com:8443"));
        assertFalse(validator.allowed("http://localhost:9000"));
    }

    @Test
    void hostPatternsIgnoreSchemeAndPort() {
        OriginValidator validator = OriginValidator.of(List.of("example.com", "*.apps.example.org", ".corp.example"));
        assertTrue(validator.allowed("https://example.com:8443"));
        assertFalse(validator.allowed("https://www.example.com"));
        assertTrue(validator.allowed("https://a.apps.example.org"));
        assertFalse(validator.allowed("https://apps.example.org"), "*.domain means subdomains only");
        assertFalse(validator.allowed("https://evilapps.example.org"));
        assertTrue(validator.allowed("http://corp.example"));
        assertTrue(validator.allowed("http://x.corp.example"));
    }

    @Test
    void nullAndGarbageOriginsAreRefused() {
        OriginValidator validator = OriginValidator.of(List.of("example.com"));
        assertFalse(validator.allowed("null"));
        assertFalse(validator.allowed("::not a url"));
        assertTrue(OriginValidator.of(List.of("*")).allowed("null"));
    }

    @Test
    void foreignOriginIsRefusedWith403AndMissingOriginAllowedByDefault() {
        Application app = OriginValidator.of(List.of("http://localhost:8000")).wrap(ConsumerFactory.reflective().of(Open.class));
        assertEquals(101, status(app, "Origin", "http://localhost:8000"));
        assertEquals(403, status(app, "Origin", "https://evil.example"));
        assertEquals(101, status(app));
    }

    @Test
    void missingOriginCanBeRefused() {
        Application app = OriginValidator.of(List.of("http://localhost:8000")).rejectingMissingOrigin()
                .wrap(ConsumerFactory.reflective().of(Open.class));
        assertEquals(403, status(app));
        assertEquals(101, status(app, "Origin", "http://localhost:8000"));
    }

    @Test
    void allowedHostsTakeHostNamesOnly() {
        assertTrue(AllowedHostsOriginValidator.of(List.of("example.com")).allowed("https://example.com"));
        assertThrows(IllegalArgumentException.class, () -> AllowedHostsOriginValidator.of(List.of("https://example.com")));
    }
}
