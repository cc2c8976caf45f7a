package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CsrfOriginCheckTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private final Application app = CsrfOriginCheck.of(OriginValidator.of(List.of("https://app.example.com", ".trusted.example")))
            .wrap(ConsumerFactory.reflective().of(Ok.class));

    static final class Ok extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendJson(200, Map.of("ok", true));
        }
    }

    private HttpResponse request(String method, String scheme, String... headers) {
        HttpCommunicator request = HttpCommunicator.of(app, method, "/api/updates").scheme(scheme).header("Host", "app.example.com");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.getResponse(WAIT);
    }

    @Test
    void refusesUnsafeMethodsFromAForeignOriginNamingIt() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse response = request(method, "https", "Origin", "http://evil.example");
            assertEquals(403, response.status(), method);
            assertEquals("application/json", response.headers().first("Content-Type").orElseThrow());
            assertTrue(String.valueOf(response.json().get("error")).contains("'http://evil.example'"), response.text());
        }
    }

    @Test
    void letsSafeMethodsThroughFromAnywhere() {
        assertEquals(200, request("GET", "https", "Origin", "http://evil.example").status());
        assertEquals(200, request("HEAD", "https").status());
    }

    @Test
    void allowsTheRequestsOwnOriginAndTheValidatorsOrigins() {
        assertEquals(200, request("POST", "https", "Origin", "https://app.example.com").status());
        assertEquals(200, request("POST", "https", "Origin", "https://app.example.com:443").status());
        assertEquals(200, request("POST", "https", "Origin", "https://www.trusted.example").status());
        assertEquals(200, request("POST", "http", "Origin", "http://app.example.com").status(), "same origin as the Host");
        assertEquals(403, request("POST", "https", "Origin", "http://app.example.com").status(), "another scheme is another origin");
        assertEquals(403, request("POST", "https", "Origin", "https://app.example.com:8443").status(), "another port is another origin");
        assertEquals(403, request("POST", "https", "Origin", "null").status(), "sandboxed pages and no-referrer redirects");
    }

    @Test
    void fallsBackToTheRefererWithoutOrigin() {
        assertEquals(200, request("POST", "https", "Referer", "https://app.example.com/chat/?room=1").status());
        HttpResponse foreign = request("POST", "https", "Referer", "https://evil.example/attack?secret=x");
        assertEquals(403, foreign.status());
        String error = String.valueOf(foreign.json().get("error"));
        assertTrue(error.contains("'https://evil.example'") && !error.contains("secret"), error);
        assertEquals(403, request("POST", "https", "Referer", "http://app.example.com/").status(), "an insecure referer on HTTPS, as Django");
        assertEquals(403, request("POST", "http", "Referer", "not a url").status());
    }

    @Test
    void withNeitherHeaderRefusesHttpsAndAllowsPlainHttpAsDjangoDoes() {
        assertEquals(403, request("POST", "https").status());
        assertEquals(200, request("POST", "http").status());
    }
}
