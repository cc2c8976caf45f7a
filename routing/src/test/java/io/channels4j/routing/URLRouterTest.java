package io.channels4j.routing;

import static io.channels4j.routing.Routes.include;
import static io.channels4j.routing.Routes.path;
import static io.channels4j.routing.Routes.rePath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;
import io.channels4j.core.ImproperlyConfiguredException;
import io.channels4j.testing.CapturedLog;
import io.channels4j.testing.ConnectResult;
import io.channels4j.testing.HttpCommunicator;
import io.channels4j.testing.HttpResponse;
import io.channels4j.testing.WebsocketCommunicator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class URLRouterTest {
    private static final Application ONE = RouteEcho.named("one");
    private static final Application TWO = RouteEcho.named("two");

    private static Map<String, Object> get(Application router, String path) {
        HttpResponse response = HttpCommunicator.of(router, "GET", path).getResponse();
        assertEquals(200, response.status(), () -> "status for " + path + ": " + response.text());
        return response.json();
    }

    private static int status(Application router, String path) {
        return HttpCommunicator.of(router, "GET", path).getResponse().status();
    }

    @Test
    void firstMatchingRouteWins() {
        // channels tests/test_routing.py::test_url_router
        URLRouter router = URLRouter.of(path("", ONE), path("foo/", TWO), rePath("^bar/$", ONE));
        assertEquals("one", get(router, "/").get("app"));
        assertEquals("two", get(router, "/foo/").get("app"));
        assertEquals("one", get(router, "/bar/").get("app"));
        assertEquals(404, status(router, "/nothing/"));
    }

    @Test
    void leadingSlashesAreIgnored() {
        URLRouter router = URLRouter.of(path("foo/", ONE));
        assertEquals("one", get(router, "//foo/").get("app"));
        assertEquals("one", get(router, "foo/").get("app"));
    }

    @Test
    void rePathSearchesUnlessAnchored() {
        // Django's RegexPattern uses search(): an unanchored pattern matches inside the path
        URLRouter unanchored = URLRouter.of(rePath("bar", ONE));
        assertEquals("one", get(unanchored, "/foobar/").get("app"));
        URLRouter anchored = URLRouter.of(rePath("^bar/$", ONE));
        assertEquals(404, status(anchored, "/foobar/"));
        assertEquals(404, status(anchored, "/bar/baz"));
    }

    @Test
    void namedGroupsBecomeKwargsAndUnnamedOnesArgs() {
        // channels tests/test_routing.py::test_url_router_args
        URLRouter router = URLRouter.of(
                rePath("^books/(?<isbn>\\d+)/page/(\\d+)/$", ONE),
                rePath("^authors/(\\w+)/(\\d+)/$", TWO));
        Map<String, Object> named = get(router, "/books/123/page/4/");
        assertEquals(List.of(), named.get("args"));
        assertEquals(Map.of("isbn", "String:123"), named.get("kwargs"));
        Map<String, Object> positional = get(router, "/authors/ann/7/");
        assertEquals(List.of("ann", "7"), positional.get("args"));
        assertEquals(Map.of(), positional.get("kwargs"));
    }

    @Test
    void acceptsPythonStyleNamedGroups() {
        URLRouter router = URLRouter.of(rePath("^chat/(?P<room>[\\w-]+)/$", ONE));
        assertEquals(Map.of("room", "String:lobby"), get(router, "/chat/lobby/").get("kwargs"));
    }

    @Test
    void pathConvertersConvertTheirValues() {
        // channels tests/test_routing.py::test_path_remaining and Django's default converters
        URLRouter router = URLRouter.of(
                path("int/<int:user_id>/", ONE),
                path("uuid/<uuid:id>/", ONE),
                path("slug/<slug:s>/", ONE),
                path("str/<name>/", ONE),
                path("path/<path:rest>", ONE));
        assertEquals(Map.of("user_id", "Integer:42"), get(router, "/int/42/").get("kwargs"));
        assertEquals(Map.of("id", "UUID:5e3b0d9c-1c2a-4d3e-9f00-0123456789ab"), get(router, "/uuid/5e3b0d9c-1c2a-4d3e-9f00-0123456789ab/").get("kwargs"));
        assertEquals(Map.of("s", "String:a-b_c"), get(router, "/slug/a-b_c/").get("kwargs"));
        assertEquals(Map.of("name", "String:x y"), get(router, "/str/x y/").get("kwargs"));
        assertEquals(Map.of("rest", "String:a/b/c"), get(router, "/path/a/b/c").get("kwargs"));
        assertEquals(404, status(router, "/int/abc/"));
        assertEquals(404, status(router, "/uuid/5E3B0D9C-1C2A-4D3E-9F00-0123456789AB/"));
        assertEquals(404, status(router, "/str/a/b/"));
    }

    @Test
    void bigIntegersBecomeLongsAndOverflowFallsThroughToTheNextRoute() {
        URLRouter router = URLRouter.of(path("n/<int:n>/", ONE), path("n/<str:n>/", TWO));
        assertEquals(Map.of("n", "Long:3000000000"), get(router, "/n/3000000000/").get("kwargs"));
        Map<String, Object> overflow = get(router, "/n/99999999999999999999999/");
        assertEquals("two", overflow.get("app"));
    }

    @Test
    void pathEndpointsMatchExactly() {
        URLRouter router = URLRouter.of(path("foo/", ONE));
        assertEquals(404, status(router, "/foo/bar/"));
        assertEquals(404, status(router, "/xfoo/"));
    }

    @Test
    void nestedRoutersStripTheirPrefixAndMergeArgsAndKwargs() {
        // channels tests/test_routing.py::test_url_router_nesting
        URLRouter inner = URLRouter.of(rePath("^(?<id>\\d+)/$", ONE), path("<str:name>/<int:page>/", TWO));
        URLRouter outer = URLRouter.of(rePath("^universe/(?<universe>\\d+)/", inner), path("users/", inner));
        Map<String, Object> deep = get(outer, "/universe/42/7/");
        assertEquals(Map.of("universe", "String:42", "id", "String:7"), deep.get("kwargs"));
        Map<String, Object> byPath = get(outer, "/users/ann/3/");
        assertEquals("two", byPath.get("app"));
        assertEquals(Map.of("name", "String:ann", "page", "Integer:3"), byPath.get("kwargs"));
    }

    @Test
    void innerKwargsWinOverOuterOnes() {
        URLRouter inner = URLRouter.of(rePath("^(?<id>\\d+)/$", ONE));
        URLRouter outer = URLRouter.of(rePath("^things/(?<id>\\w+)/", inner));
        assertEquals(Map.of("id", "String:5"), get(outer, "/things/abc/5/").get("kwargs"));
    }

    @Test
    void unanchoredRegexLeavesTheRestAsPathRemaining() {
        URLRouter router = URLRouter.of(rePath("^prefix/", ONE));
        assertEquals("tail/x", get(router, "/prefix/tail/x").get("remaining"));
    }

    @Test
    void nestedRouterWithoutAMatchBacktracksToTheNextOuterRoute() {
        URLRouter inner = URLRouter.of(path("only/", ONE));
        URLRouter outer = URLRouter.of(path("api/", inner), rePath("^api/(?<rest>.+)$", TWO));
        assertEquals("one", get(outer, "/api/only/").get("app"));
        assertEquals("two", get(outer, "/api/other/").get("app"));
    }

    /** A middleware that counts the connections it sees, then hands them on. */
    private static final class Counting implements Middleware {
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public Application wrap(Application inner) {
            return new WrappingApplication(inner) {
                @Override
                public ApplicationInstance open(Scope scope, Sender sender) {
                    opened.incrementAndGet();
                    return inner.open(scope, sender);
                }
            };
        }
    }

    @Test
    void routerWrappedInMiddlewareNestsLikeARouter() {
        // channels tests/test_routing.py::test_url_router_nesting_by_middleware (_path_routing)
        Counting counting = new Counting();
        URLRouter router = URLRouter.of(
                path("number/<int:number>/", counting.wrap(URLRouter.of(path("<str:name>/", ONE)))),
                path("api/", counting.wrap(include(path("me", TWO)))));
        Map<String, Object> numbered = get(router, "/number/5/ann/");
        assertEquals("one", numbered.get("app"));
        assertEquals(Map.of("number", "Integer:5", "name", "String:ann"), numbered.get("kwargs"));
        assertEquals("two", get(router, "/api/me").get("app"));
        assertEquals(2, counting.opened.get());
    }

    @Test
    void wrappedRouterWithoutAMatchBacktracksWithoutOpeningItsMiddleware() {
        Counting counting = new Counting();
        URLRouter router = URLRouter.of(path("api/", counting.wrap(include(path("only/", ONE)))), rePath("^api/(?<rest>.+)$", TWO));
        assertEquals("two", get(router, "/api/other/").get("app"));
        assertEquals(0, counting.opened.get());
    }

    @Test
    void invalidPatternsInsideAWrappedRouterAreReported() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> URLRouter.of(path("api/", new Counting().wrap(include(path("<bogus:x>/", ONE))))));
        assertTrue(e.getMessage().contains("unknown converter 'bogus'"), e.getMessage());
    }

    @Test
    void includeNestsRoutes() {
        URLRouter router = URLRouter.of(path("api/", include(path("me", ONE), path("items/<int:id>", TWO))));
        assertEquals("one", get(router, "/api/me").get("app"));
        assertEquals(Map.of("id", "Integer:9"), get(router, "/api/items/9").get("kwargs"));
    }

    @Test
    void defaultKwargsOverrideCapturedValues() {
        URLRouter router = URLRouter.of(path("v/<str:version>/", ONE, Map.of("version", "fixed", "extra", 1)));
        assertEquals(Map.of("version", "String:fixed", "extra", "Integer:1"), get(router, "/v/9/").get("kwargs"));
    }

    @Test
    void noRouteRefusesAWebsocketHandshakeWith404() {
        URLRouter router = URLRouter.of(path("ws/echo/", ONE));
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(router, "/ws/nope/")) {
            ConnectResult result = ws.connect();
            assertFalse(result.accepted());
            assertEquals(404, result.status());
            assertEquals(0, result.closeCode(), "a refused handshake never had a socket to close");
        }
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(router, "/ws/echo/?token=x")) {
            assertTrue(ws.connect().accepted());
        }
    }

    @Test
    void noRouteAnswersHttp404NamingThePath() {
        HttpResponse response = HttpCommunicator.of(URLRouter.of(path("a/", ONE)), "GET", "/nope/?q=1").getResponse();
        assertEquals(404, response.status());
        assertTrue(response.text().startsWith("No route found for path 'nope/'. "), response.text());
    }

    @Test
    void noRouteSaysSoPlainlyWithTheUsualCauses() {
        URLRouter router = URLRouter.of(path("ws/chat/", ONE), rePath("^ws/room/(?<name>\\w+)/$", TWO));
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(router, "/ws/chat")) {
            ConnectResult result = ws.connect();
            assertEquals(404, result.status());
            assertTrue(result.reason().startsWith("No route found for path 'ws/chat'."), result.reason());
            assertTrue(result.reason().contains("trailing slash"), result.reason());
            assertTrue(result.reason().contains("^...$"), result.reason());
            assertTrue(result.toString().startsWith("refused with HTTP 404: No route found"), result.toString());
            assertFalse(result.toString().contains("1006"), result.toString());
        }
    }

    @Test
    void noRouteLogsThePatternsTriedAtDebugButNeverSendsThem() {
        URLRouter router = URLRouter.of(path("ws/chat/", ONE), rePath("^ws/room/(?<name>\\w+)/$", TWO));
        String body;
        try (CapturedLog log = new CapturedLog(); WebsocketCommunicator ws = WebsocketCommunicator.of(router, "/ws/rooms/x/")) {
            body = ws.connect().reason();
            String line = log.text().lines().filter(l -> l.contains("No route found for path 'ws/rooms/x/'")).findFirst()
                    .orElseThrow(() -> new AssertionError("no debug line in: " + log.text()));
            assertTrue(line.contains("DEBUG"), line);
            assertTrue(line.contains("tried, in order: URLRouter[path('ws/chat/') -> one, rePath('^ws/room/(?<name>\\w+)/$') -> two]"), line);
        }
        assertFalse(body.contains("ws/chat/"), "the patterns are for the log, not for clients: " + body);
    }

    @Test
    void invalidPatternsAreAllReportedAtOnce() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class, () -> URLRouter.of(
                path("a/<bogus:x>/", ONE),
                rePath("^(unclosed/$", ONE),
                path("ok/", include(path("<int:x>/<int:x>/", ONE)))));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("1) Invalid route path('a/<bogus:x>/'): unknown converter 'bogus'"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("Invalid route rePath('^(unclosed/$')"));
        assertTrue(e.problems().get(2).contains("'x' appears twice"));
    }

    @Test
    void toStringShowsTheRoutes() {
        assertEquals("URLRouter[path('ws/update/') -> one, rePath('^ws/chat/$') -> two]",
                URLRouter.of(path("ws/update/", ONE), rePath("^ws/chat/$", TWO)).toString());
    }

    @Test
    void customConvertersCanBeRegistered() {
        PathConverters years = PathConverters.defaults().with("year", "[0-9]{4}", Integer::valueOf);
        URLRouter router = URLRouter.of(years.path("archive/<year:y>/", ONE));
        assertEquals(Map.of("y", "Integer:2026"), get(router, "/archive/2026/").get("kwargs"));
        assertEquals(404, status(router, "/archive/26/"));
    }

    @Test
    void aConverterBelongsToTheRoutesBuiltWithIt() {
        URLRouter.of(PathConverters.defaults().with("month", "[0-9]{2}", Integer::valueOf).path("archive/<month:m>/", ONE));
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class, () -> URLRouter.of(path("archive/<month:m>/", ONE)));
        assertTrue(e.getMessage().contains("unknown converter 'month'"), e.getMessage());
    }
}
