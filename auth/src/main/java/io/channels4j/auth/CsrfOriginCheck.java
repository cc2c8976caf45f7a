package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Json;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses unsafe HTTP requests ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) sent by pages of
 * other sites with 403 and {@code {"error": "..."}}, as Django's CSRF middleware checks {@code Origin} and
 * {@code Referer}. A request passes when its {@code Origin} is the request's own origin (scheme and
 * {@code Host}) or one the {@link OriginValidator} allows, the same rules as for WebSockets. Without
 * {@code Origin} the scheme, host and port of {@code Referer} are checked instead. With neither, a plain
 * HTTP request passes (browsers send one or the other on every cross-site POST; other clients send none)
 * and an HTTPS one is refused, as Django does. Safe methods and other scope types pass through.
 * <pre>
 * Application http = CsrfOriginCheck.of(OriginValidator.of(List.of("https://chat.example.com"))).wrap(router);
 * </pre>
 */
public final class CsrfOriginCheck implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(CsrfOriginCheck.class);
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final OriginValidator origins;

    private CsrfOriginCheck(OriginValidator origins) {
        this.origins = origins;
    }

    /** A check that also allows the origins {@code origins} allows. */
    public static CsrfOriginCheck of(OriginValidator origins) {
        return new CsrfOriginCheck(java.util.Objects.requireNonNull(origins, "origins"));
    }

    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication("CsrfOriginCheck" + origins, inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                if (scope.type() != Scope.Type.HTTP || !UNSAFE.contains(scope.method())) {
                    return inner.open(scope, sender);
                }
                String problem = problem(scope);
                if (problem == null) {
                    return inner.open(scope, sender);
                }
                log.info("Refused {} {}: {}", scope.method(), scope.path(), problem);
                return refusing(sender, problem);
            }
        };
    }

    /** Why the request looks cross-site, or null when it does not. */
    String problem(Scope scope) {
        Optional<String> origin = scope.headers().first("Origin");
        if (origin.isPresent()) {
            return allowed(origin.get(), scope) ? null
                    : "origin '" + origin.get() + "' may not " + scope.method() + " here (cross-site request refused)";
        }
        Optional<String> referer = scope.headers().first("Referer");
        if (referer.isPresent()) {
            String from = originOf(referer.get());
            if (from == null) {
                return "malformed Referer on a " + scope.method() + " without Origin (cross-site request refused)";
            }
            if (scope.secure() && !from.startsWith("https://")) {
                return "insecure referer origin '" + from + "' on an HTTPS request (cross-site request refused)";
            }
            return allowed(from, scope) ? null
                    : "referer origin '" + from + "' may not " + scope.method() + " here (cross-site request refused)";
        }
        return scope.secure() ? "an HTTPS " + scope.method() + " needs an Origin or Referer header (cross-site request refused)" : null;
    }

    private boolean allowed(String origin, Scope scope) {
        return sameOrigin(origin, scope) || origins.allowed(origin);
    }

    // Django compares with the request's own host too, so a site works without listing itself
    private static boolean sameOrigin(String origin, Scope scope) {
        Optional<String> host = scope.headers().first("Host");
        if (host.isEmpty()) {
            return false;
        }
        String scheme = scope.secure() ? "https" : "http";
        String own = normalised(scheme + "://" + host.get().trim());
        return own != null && own.equals(normalised(origin.trim()));
    }

    /** {@code scheme://host:port} of a URL, the port always written out; null when it has no scheme or host. */
    private static String normalised(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (Exception malformed) {
            return null;
        }
    }

    // only the origin part of a Referer is compared, and logged: its path and query may carry secrets
    private static String originOf(String referer) {
        try {
            URI uri = new URI(referer.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().replaceFirst("^.*@", "").toLowerCase(Locale.ROOT);
        } catch (Exception malformed) {
            return null;
        }
    }

    private static ApplicationInstance refusing(Sender sender, String problem) {
        byte[] body = Json.write(Map.of("error", problem)).getBytes(StandardCharsets.UTF_8);
        return event -> {
            if (event instanceof Event.HttpRequest request && !request.moreBody()) {
                sender.send(new Event.HttpResponseStart(403, Headers.of("Content-Type", "application/json",
                        "Content-Length", String.valueOf(body.length))));
                sender.send(new Event.HttpResponseBody(body, false));
            }
        };
    }

    @Override
    public String toString() {
        return "CsrfOriginCheck" + origins;
    }
}
