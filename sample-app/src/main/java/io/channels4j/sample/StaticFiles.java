package io.channels4j.sample;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The demo page's files, read once from the classpath folder {@code static/}. */
@Singleton
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon");
    private final Map<String, StaticFile> files = new HashMap<>();

    record StaticFile(byte[] content, String contentType) {
    }

    Optional<StaticFile> find(String name) {
        if (name.isEmpty() || name.contains("..") || name.startsWith("/")) {
            return Optional.empty();
        }
        synchronized (files) {
            StaticFile file = files.get(name);
            if (file == null) {
                file = load(name);
                if (file == null) {
                    return Optional.empty();
                }
                files.put(name, file);
            }
            return Optional.of(file);
        }
    }

    private static StaticFile load(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                return null;
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return new StaticFile(in.readAllBytes(), TYPES.getOrDefault(extension, "application/octet-stream"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read static file '" + name + "'", e);
        }
    }
}
