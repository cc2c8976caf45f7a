package io.channels4j.routing;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.UrlRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a connection by its path to the first matching {@link Route}, as Channels' {@code URLRouter}.
 * <pre>
 * Application websocket = URLRouter.of(
 *         path("ws/update/", consumers.of(UpdateConsumer.class)),
 *         rePath("^ws/chat/(?&lt;room&gt;[\\w-]{1,64})/$", consumers.of(ChatConsumer.class)));
 * </pre>
 *
 * <p>Leading slashes are ignored. A nested router, bare or wrapped in middleware, gets the unmatched rest of the path, the outer args
 * followed by its own, and the outer kwargs overridden by its own; when it has no match the outer router
 * tries its next route. No match at all refuses the connection with 404 (a WebSocket handshake gets HTTP
 * 404), never a 500.
 *
 * <p>{@link #of} throws an {@link ImproperlyConfiguredException} listing every invalid pattern.
 */
public final class URLRouter implements Application {
    private static final Logger log = LoggerFactory.getLogger(URLRouter.class);

    private final List<Route> routes;

    private URLRouter(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A router over {@code routes}, tried in order. */
    public static URLRouter of(Route... routes) {
        return of(List.of(routes));
    }

    /**
     * A router over {@code routes}, tried in order.
     *
     * @throws ImproperlyConfiguredException when any pattern, here or nested, is invalid
     */
    public static URLRouter of(List<Route> routes) {
        URLRouter router = new URLRouter(routes);
        List<String> problems = new ArrayList<>();
        router.collectProblems(problems);
        if (!problems.isEmpty()) {
            throw new ImproperlyConfiguredException(problems);
        }
        return router;
    }

    // include() defers its checks to the outermost router, so all problems are reported together
    static URLRouter unchecked(List<Route> routes) {
        return new URLRouter(routes);
    }

    private void collectProblems(List<String> problems) {
        for (Route route : routes) {
            if (route.pattern() instanceof Routes.InvalidPattern invalid) {
                problems.add("Invalid route " + invalid.route() + ": " + invalid.problem() + ".");
            } else if (route.nested()) {
                route.router().collectProblems(problems);
            }
        }
    }

    @Override
    public ApplicationInstance open(Scope scope, Sender sender) {
        String path = stripLeadingSlashes(scope.pathRemaining() != null ? scope.pathRemaining() : scope.path());
        Resolution found = resolve(path, scope.urlRoute().args(), scope.urlRoute().kwargs());
        if (found == null) {
            log.debug("No route found for path '{}'; tried, in order: {}", path, this);
            return Application.rejecting(404, noRoute(path)).open(scope, sender);
        }
        return found.application.open(scope.toBuilder().attribute(Scope.URL_ROUTE, found.route).attribute(Scope.PATH_REMAINING, found.remaining).build(), sender);
    }

    // the body a client sees: the patterns themselves only go to the debug log
    static String noRoute(String path) {
        return "No route found for path '" + path + "'. Usual causes: a missing or extra trailing slash, or a rePath "
                + "anchored with ^...$ that must match the whole path; the patterns tried are logged at debug by " + URLRouter.class.getName() + ".";
    }

    private Resolution resolve(String path, List<Object> outerArgs, Map<String, Object> outerKwargs) {
        for (Route route : routes) {
            RoutePattern.Match match = route.pattern().match(path, route.nested());
            if (match == null) {
                continue;
            }
            List<Object> args = outerArgs;
            if (!match.args().isEmpty()) {
                args = new ArrayList<>(outerArgs);
                args.addAll(match.args());
            }
            Map<String, Object> kwargs = outerKwargs;
            if (!match.kwargs().isEmpty() || !route.defaults().isEmpty()) {
                kwargs = new LinkedHashMap<>(outerKwargs);
                kwargs.putAll(match.kwargs());
                kwargs.putAll(route.defaults());
            }
            URLRouter nested = route.router();
            if (nested != null) {
                Resolution inner = nested.resolve(stripLeadingSlashes(match.remaining()), args, kwargs);
                if (inner == null) {
                    continue; // a nested router without a match lets the outer one try its next route
                }
                if (nested == route.application()) {
                    return inner;
                }
                // the middleware must see the connection: open it with the prefix matched, and the router inside
                // it resolves the rest again from path_remaining and the merged kwargs, as in Channels
                return new Resolution(route.application(), new UrlRoute(args, kwargs), match.remaining());
            }
            return new Resolution(route.application(), new UrlRoute(args, kwargs), match.remaining());
        }
        return null;
    }

    private static String stripLeadingSlashes(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }

    @Override
    public String toString() {
        return routes.stream().map(Route::toString).collect(Collectors.joining(", ", "URLRouter[", "]"));
    }

    private static final class Resolution {
        final Application application;
        final UrlRoute route;
        final String remaining;

        Resolution(Application application, UrlRoute route, String remaining) {
            this.application = application;
            this.route = route;
            this.remaining = remaining;
        }
    }
}
