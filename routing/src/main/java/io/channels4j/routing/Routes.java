package io.channels4j.routing;

import io.channels4j.core.Application;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routing DSL, for static import: {@code path}, {@code rePath} and {@code include}, as in Channels'
 * {@code routing.py}.
 * <pre>
 * URLRouter.of(
 *         path("ws/update/", consumers.of(UpdateConsumer.class)),
 *         rePath("^ws/chat/(?&lt;room&gt;[\\w-]{1,64})/$", consumers.of(ChatConsumer.class)),
 *         path("api/", include(path("me", consumers.of(MeConsumer.class)))));
 * </pre>
 */
public final class Routes {
    private Routes() {
    }

    /**
     * A Django-style route: literal text and {@code <converter:name>} parameters ({@code str}, {@code int},
     * {@code slug}, {@code uuid}, {@code path}; more with {@link PathConverters#with}). An endpoint must match
     * the whole remaining path; a route to a nested router matches a prefix.
     */
    public static Route path(String route, Application application) {
        return path(route, application, Map.of());
    }

    /** A {@code path} route whose {@code defaults} are added to the kwargs, overriding captured values as in Django. */
    public static Route path(String route, Application application, Map<String, Object> defaults) {
        return PathConverters.defaults().path(route, application, defaults);
    }

    /**
     * A regex route (Java syntax; Python's {@code (?P<name>...)} is accepted too). It searches the path,
     * so anchor it with {@code ^} and {@code $} to match exactly, as in Django.
     */
    public static Route rePath(String regex, Application application) {
        return rePath(regex, application, Map.of());
    }

    /** A {@code rePath} route with default kwargs. */
    public static Route rePath(String regex, Application application, Map<String, Object> defaults) {
        Objects.requireNonNull(regex, "regex");
        return new Route(compile(regex, () -> new RegexPattern(regex), "rePath"), Objects.requireNonNull(application, "application"), defaults);
    }

    /**
     * A nested router, for {@code path("api/", include(...))}; unlike Channels, include() is supported. Its
     * patterns are checked by the enclosing {@link URLRouter#of}, with every other problem.
     */
    public static URLRouter include(Route... routes) {
        return URLRouter.unchecked(List.of(routes));
    }

    /** A nested router over a list of routes. */
    public static URLRouter include(List<Route> routes) {
        return URLRouter.unchecked(routes);
    }

    static RoutePattern compile(String text, java.util.function.Supplier<RoutePattern> compiler, String kind) {
        try {
            return compiler.get();
        } catch (RuntimeException e) {
            return new InvalidPattern(kind + "('" + text + "')", e.getMessage());
        }
    }

    /** A pattern that failed to compile; URLRouter reports every one of them at construction. */
    record InvalidPattern(String route, String problem) implements RoutePattern {
        @Override
        public Match match(String path, boolean prefix) {
            return null;
        }

        @Override
        public String toString() {
            return route;
        }
    }
}
