package io.channels4j.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.Json;
import io.channels4j.core.Scope;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A username and password from a JSON body or a form post; empty when the body is neither. */
record Credentials(String username, String password) {
    static Optional<Credentials> read(Scope scope, byte[] body) {
        String type = scope.headers().first("Content-Type").orElse("").toLowerCase();
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            String username = null;
            String password = null;
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    switch (pair.substring(0, eq)) {
                        case "username" -> username = value;
                        case "password" -> password = value;
                        default -> { }
                    }
                }
            }
            return valid(username, password);
        }
        try {
            JsonNode json = Json.read(text);
            if (!json.isObject() || !json.path("username").isTextual() || !json.path("password").isTextual()) {
                return Optional.empty();
            }
            return valid(json.get("username").asText(), json.get("password").asText());
        } catch (Exception malformed) {
            return Optional.empty();
        }
    }

    private static Optional<Credentials> valid(String username, String password) {
        if (username == null || password == null || username.isEmpty() || username.length() > 150 || password.length() > 1024) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(username, password));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
