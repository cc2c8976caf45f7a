package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.core.Scope;
import io.channels4j.core.WebsocketConsumer;
import io.channels4j.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The access log and the close-code counter say what really happened, and never show a token. */
@Timeout(30)
class AccessLogTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private UndertowServer server;

    static final class Ok extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendText(200, "ok");
        }
    }

    static final class Echo extends WebsocketConsumer {
        @Override
        protected void receive(String text) {
            send(text);
        }
    }

    @BeforeEach
    void start() {
        Application http = ConsumerFactory.reflective().of(Ok.class);
        Application ws = ConsumerFactory.reflective().of(Echo.class);
        Application app = (scope, sender) -> (scope.type() == Scope.Type.HTTP ? http : ws).open(scope, sender);
        server = UndertowServer.builder().port(0).application(app).settings(ServerSettings.builder().maxMessageSize(1024).build())
                .accessLogLines(lines::add).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String lineFor(String marker) {
        return lines.stream().filter(line -> line.contains(marker)).findFirst().orElseThrow(() -> new AssertionError("no line for " + marker + " in " + lines));
    }

    @Test
    void redactsTokensWhoseNamesArePercentEncoded() throws Exception {
        for (String name : List.of("token", "%74oken", "tok%65n", "TOKEN", "access%5Ftoken", "%54%4F%4B%45%4E")) {
            String response = RawHttp.exchange(server.port(), "GET /api/" + name.length() + "?a=" + name.hashCode() + "&" + name
                    + "=secret-value&b=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, RawHttp.status(response));
        }
        Eventually.await(Duration.ofSeconds(5), () -> lines.size() == 6, "a line per request");
        for (String line : lines) {
            assertFalse(line.contains("secret-value"), "the token value is logged in clear: " + line);
        }
        assertTrue(lineFor("%74oken").contains("%74oken=[redacted]&b=2"), lineFor("%74oken"));
        assertTrue(lineFor("tok%65n").contains("tok%65n=[redacted]"), lineFor("tok%65n"));
    }

    @Test
    void redactsATokenOnBothLinesOfAWebsocket() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/ws/?tok%65n=secret-value")) {
            ws.sendText("hi");
            assertEquals("hi", ws.read().text());
        }
        Eventually.await(Duration.ofSeconds(5), () -> lines.stream().anyMatch(line -> line.contains("WSDISCONNECT")), "the disconnect line");
        assertTrue(lineFor("WSCONNECT").contains("/ws/?tok%65n=[redacted]"), lineFor("WSCONNECT"));
        assertTrue(lineFor("WSDISCONNECT").contains("/ws/?tok%65n=[redacted]"), lineFor("WSDISCONNECT"));
        assertFalse(String.join("\n", lines).contains("secret-value"));
    }

    private void assertRecordedClose(int sent) throws Exception {
        Eventually.await(Duration.ofSeconds(5), () -> lines.stream().anyMatch(line -> line.contains("WSDISCONNECT"))
                && !server.meters().find("channels4j.connections.closed").counters().isEmpty(), "the disconnect recorded");
        assertTrue(lineFor("WSDISCONNECT").endsWith("\" " + sent), lineFor("WSDISCONNECT"));
        assertEquals(1.0, server.meters().get("channels4j.connections.closed").tag("code", Integer.toString(sent)).counter().count());
        assertTrue(server.meters().find("channels4j.connections.closed").tag("code", "1006").counters().isEmpty(), "recorded as 1006 too");
    }

    @Test
    void recordsProtocolErrorAs1002() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/ws/")) {
            ws.send(true, RawWebsocket.TEXT, "not masked".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, ws.awaitClose());
        }
        assertRecordedClose(1002);
    }

    @Test
    void recordsInvalidUtf8As1007() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/ws/")) {
            ws.send(true, RawWebsocket.TEXT, new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff}, true);
            assertEquals(1007, ws.awaitClose());
        }
        assertRecordedClose(1007);
    }

    @Test
    void recordsAnOversizedMessageAs1009() throws Exception {
        try (RawWebsocket ws = RawWebsocket.connect(server.port(), "/ws/")) {
            ws.send(true, RawWebsocket.TEXT, new byte[4096], true);
            assertEquals(1009, ws.awaitClose());
        }
        assertRecordedClose(1009);
    }
}
