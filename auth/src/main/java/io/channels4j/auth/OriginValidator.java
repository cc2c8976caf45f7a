package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses WebSocket handshakes from pages of other sites with 403, as Channels' {@code OriginValidator}.
 * Patterns: {@code *} (anything), {@code https://example.com:8443} (scheme, host and port; default ports
 * implied), {@code example.com} (that host, any scheme or port), {@code .example.com} (the domain and its
 * subdomains) and {@code *.example.com} (subdomains only). A handshake without {@code Origin} (a
 * non-browser client) is allowed unless {@link #rejectingMissingOrigin()}. Other scope types pass through.
 * <pre>
 * Application ws = OriginValidator.of(List.of("https://chat.example.com", "*.example.com")).wrap(router);
 * </pre>
 */
public final class OriginValidator implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(OriginValidator.class);

    private final List<String> patterns;
    private final boolean rejectMissing;
    private final boolean anything;
    private final Set<String> exactOrigins;
    private final List<ExactOrigin> origins = new ArrayList<>();
    private final List<String> hostPatterns = new ArrayList<>();

    private OriginValidator(List<String> patterns, boolean rejectMissing) {
        this.patterns = List.copyOf(patterns);
        this.rejectMissing = rejectMissing;
        this.anything = patterns.contains("*");
        // parsed once: a handshake only compares strings
        Set<String> exact = new HashSet<>();
        for (String pattern : patterns) {
            String lower = pattern.toLowerCase(Locale.ROOT);
            if (lower.contains("://")) {
                URI uri = URI.create(lower);
                origins.add(new ExactOrigin(uri.getScheme(), uri.getHost(), uri.getPort() == -1 ? defaultPort(uri.getScheme()) : uri.getPort()));
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    exact.add(lower);
                }
            } else {
                hostPatterns.add(lower);
            }
        }
        this.exactOrigins = Set.copyOf(exact);
    }

    private record ExactOrigin(String scheme, String host, int port) {
    }

    /** A validator allowing {@code patterns}. */
    public static OriginValidator of(List<String> patterns) {
        patterns.forEach(OriginValidator::checkPattern);
        return new OriginValidator(patterns, false);
    }

    /** The same validator, refusing handshakes that carry no {@code Origin}. */
    public OriginValidator rejectingMissingOrigin() {
        return new OriginValidator(patterns, true);
    }

    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication("OriginValidator" + patterns, inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                if (scope.type() != Scope.Type.WEBSOCKET) {
                    return inner.open(scope, sender);
                }
                Optional<String> origin = scope.headers().first("Origin");
                if (origin.isEmpty() ? !rejectMissing : allowed(origin.get())) {
                    return inner.open(scope, sender);
                }
                log.info("Refused WebSocket on {} from origin {}", scope.path(), origin.map(o -> "'" + o + "'").orElse("(none)"));
                return Application.rejecting(403, "Origin not allowed.").open(scope, sender);
            }
        };
    }

    /** Whether a present {@code Origin} header value is allowed. */
    boolean allowed(String origin) {
        if (anything || exactOrigins.contains(origin)) {
            return true; // what a browser sends is usually one of the configured origins, letter for letter
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception malformed) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false; // "null" and garbage
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        for (ExactOrigin allowed : origins) {
            if (allowed.scheme().equals(scheme) && allowed.host().equals(host) && allowed.port() == port) {
                return true;
            }
        }
        for (String pattern : hostPatterns) {
            if (matchesHost(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesHost(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        if (pattern.startsWith(".")) {
            return host.equals(pattern.substring(1)) || host.endsWith(pattern);
        }
        return host.equals(pattern);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) || "wss".equals(scheme) ? 443 : 80;
    }

    private static void checkPattern(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("Empty origin pattern: use '*', 'https://host[:port]', 'host', '.domain' or '*.domain'.");
        }
        if (pattern.contains("://")) {
            URI uri = URI.create(pattern);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Origin pattern '" + pattern + "' has no host.");
            }
        }
    }

    @Override
    public String toString() {
        return "OriginValidator" + patterns;
    }
}
