package io.channels4j.routing;

import io.channels4j.core.Application;
import io.channels4j.core.WrappingApplication;
import java.util.Map;

/** One entry of a {@link URLRouter}: a pattern and the application it leads to. Made by {@link Routes}. */
public final class Route {
    private final RoutePattern pattern;
    private final Application application;
    private final Map<String, Object> defaults;

    Route(RoutePattern pattern, Application application, Map<String, Object> defaults) {
        this.pattern = pattern;
        this.application = application;
        this.defaults = Map.copyOf(defaults);
    }

    RoutePattern pattern() {
        return pattern;
    }

    Application application() {
        return application;
    }

    Map<String, Object> defaults() {
        return defaults;
    }

    /** Whether the target is a nested router, bare or wrapped in middleware, which makes the pattern a prefix match. */
    boolean nested() {
        return router() != null;
    }

    /** The nested router under any middleware around it, or null for an endpoint. */
    URLRouter router() {
        Application unwrapped = WrappingApplication.unwrap(application);
        return unwrapped instanceof URLRouter router ? router : null;
    }

    @Override
    public String toString() {
        return pattern + " -> " + application;
    }
}
