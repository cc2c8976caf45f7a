package io.channels4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.Event;
import io.channels4j.core.Headers;
import io.channels4j.core.Scope;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CommunicatorTargetTest {
    private final AtomicReference<Scope> seen = new AtomicReference<>();

    private final Application recorder = (scope, sender) -> {
        seen.set(scope);
        return event -> {
            if (event instanceof Event.WebsocketConnect) {
                sender.send(new Event.WebsocketAccept(null, Headers.EMPTY));
            } else if (event instanceof Event.HttpRequest) {
                sender.send(new Event.HttpResponseStart(204, Headers.EMPTY));
                sender.send(new Event.HttpResponseBody(new byte[0], false));
            }
        };
    };

    @Test
    void aWebsocketUrlGivesTheApplicationWhatAServerWould() {
        // channels testing/websocket.py: "path": unquote(parsed.path), "query_string": parsed.query
        try (WebsocketCommunicator ws = WebsocketCommunicator.of(recorder, "ws://host/%E9%A6%96/index.php?x=1&y=%2F#h")) {
            assertTrue(ws.connect().accepted());
        }
        assertEquals("/\u9996/index.php", seen.get().path());
        assertEquals("/%E9%A6%96/index.php", seen.get().rawPath());
        assertEquals("x=1&y=%2F", seen.get().queryString());
        assertEquals("ws", seen.get().scheme());
    }

    @Test
    void anHttpPathIsDecodedEncodedSlashesToo() {
        assertEquals(204, HttpCommunicator.of(recorder, "GET", "/foo%2Fbar?q=1#frag").getResponse().status());
        assertEquals("/foo/bar", seen.get().path());
        assertEquals("/foo%2Fbar", seen.get().rawPath());
        assertEquals("q=1", seen.get().queryString());
        assertEquals(204, HttpCommunicator.of(recorder, "GET", "https://example.com:8443?a=b").getResponse().status());
        assertEquals("/", seen.get().path());
        assertEquals("a=b", seen.get().queryString());
        assertEquals("https", seen.get().scheme());
    }
}
