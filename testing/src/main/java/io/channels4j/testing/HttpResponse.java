package io.channels4j.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.channels4j.core.Headers;
import io.channels4j.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete HTTP response from an {@link HttpCommunicator}.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the joined body chunks
 */
public record HttpResponse(int status, Headers headers, byte[] body) {
    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body read as a JSON object. */
    public Map<String, Object> json() {
        try {
            return Json.mapper().readValue(body, new TypeReference<Map<String, Object>>() {
            });
        } catch (java.io.IOException e) {
            throw new AssertionError("Expected a JSON object body (status " + status + "), got: " + text(), e);
        }
    }
}
