package io.channels4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private static final ScopeKey<String> USER = ScopeKey.of("user", String.class, "wrap the application in AuthMiddlewareStack");

    private static Scope websocket() {
        return Scope.builder(Scope.Type.WEBSOCKET).path("/ws/chat/lobby/").queryString("a=1&b=x%20y&a=2&flag&c=%zz")
                .headers(Headers.of("Cookie", "x=1", "X-Custom", "one", "x-custom", "two")).build();
    }

    @Test
    void pathIsTheRawPathDecodedAsDaphneDoes() {
        // daphne: "path": unquote(path) -- every escape, %2F too, UTF-8 with replacement; '+' stays
        assertEquals("/foo/bar", Scope.builder(Scope.Type.HTTP).rawPath("/foo%2Fbar").build().path());
        assertEquals("/foo%2Fbar", Scope.builder(Scope.Type.HTTP).rawPath("/foo%2Fbar").build().rawPath());
        assertEquals("/\u9996/a+b", Scope.builder(Scope.Type.HTTP).rawPath("/%E9%A6%96/a+b").build().path());
        assertEquals("/100%/%zz", Scope.builder(Scope.Type.HTTP).rawPath("/100%/%zz").build().path());
        assertEquals("/\uFFFD", Scope.builder(Scope.Type.HTTP).rawPath("/%FF").build().path());
        assertEquals("/given", Scope.builder(Scope.Type.HTTP).path("/given").build().rawPath());
    }

    @Test
    void parsesQueryParametersMultiValuedAndDecoded() {
        Scope scope = websocket();
        assertEquals(List.of("1", "2"), scope.queryParams().get("a"));
        assertEquals("x y", scope.queryParam("b").orElseThrow());
        assertEquals("", scope.queryParam("flag").orElseThrow());
        assertEquals("%zz", scope.queryParam("c").orElseThrow());
        assertTrue(scope.queryParam("missing").isEmpty());
    }

    @Test
    void headersAreCaseInsensitiveAndMultiValued() {
        Headers headers = websocket().headers();
        assertEquals(List.of("one", "two"), headers.all("X-CUSTOM"));
        assertEquals("one", headers.first("x-custom").orElseThrow());
        assertTrue(headers.contains("cookie"));
        assertFalse(headers.toString().contains("x=1"), "header values never appear in toString");
    }

    @Test
    void headersKeepArrivalOrderAndRebuildUnchanged() {
        Headers headers = Headers.builder().add("Host", "a").add("X-Custom", "one").add("Origin", "o").add("x-custom", "two").build();
        assertEquals(List.of("host", "x-custom", "origin"), List.copyOf(headers.names()));
        assertEquals(Map.of("host", List.of("a"), "x-custom", List.of("one", "two"), "origin", List.of("o")), headers.asMap());
        assertEquals(headers, headers.toBuilder().build());
        assertEquals(List.of("three"), headers.with("X-CUSTOM", "three").all("x-custom"));
        assertEquals(List.of("one", "two"), headers.all("x-custom"), "with() leaves the original alone");
        assertTrue(headers.toBuilder().remove("HOST").build().first("host").isEmpty());
        assertTrue(Headers.builder().build().isEmpty());
    }

    @Test
    void settingAnAttributeAgainReplacesIt() {
        Scope scope = websocket().with(USER, "alice").with(USER, "bob");
        assertEquals("bob", scope.get(USER));
        assertEquals("alice", websocket().with(USER, "alice").get(USER));
    }

    @Test
    void withReturnsANewScopeAndLeavesTheOriginalAlone() {
        Scope scope = websocket();
        Scope withUser = scope.with(USER, "alice");
        assertEquals("alice", withUser.get(USER));
        assertFalse(scope.has(USER));
        assertSame(withUser, withUser.with(USER, withUser.get(USER)));
        assertEquals(scope.path(), withUser.path());
    }

    @Test
    void missingAttributeNamesTheKeyAndWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> websocket().get(USER));
        assertEquals("Scope has no 'user': wrap the application in AuthMiddlewareStack.", e.getMessage());
    }

    @Test
    void toStringShowsTypeAndPathOnly() {
        assertEquals("Scope[websocket /ws/chat/lobby/]", websocket().toString());
    }

    @Test
    void routeKwargsAreTypedAndMissingOnesExplained() {
        UrlRoute route = new UrlRoute(List.of("x"), Map.of("room", "lobby", "id", 3));
        Scope scope = websocket().with(Scope.URL_ROUTE, route);
        assertEquals("lobby", scope.urlRoute().kwarg("room", String.class));
        assertEquals(3, scope.urlRoute().kwarg("id", Integer.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scope.urlRoute().kwarg("nope", String.class));
        assertTrue(e.getMessage().contains("'nope'"));
    }
}
