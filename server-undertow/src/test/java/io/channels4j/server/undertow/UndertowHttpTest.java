package io.channels4j.server.undertow;

import java.time.Duration;
import io.channels4j.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.Application;
import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import com.fasterxml.jackson.databind.JsonNode;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.core.Json;
import io.channels4j.core.Message;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UndertowHttpTest {
    private UndertowServer server;
    private final InMemoryChannelLayer layer = new InMemoryChannelLayer();

    static final class Echo extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendJson(200, Map.of("method", scope().method(), "path", scope().path(), "length", body.length));
        }
    }

    static final class PathEcho extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendJson(200, Map.of("path", scope().path(), "rawPath", scope().rawPath(), "query", scope().queryString()));
        }
    }

    static final class Stream extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            channelLayer().groupAdd("ticks", channelName());
            startEventStream();
            sendEvent("hello");
        }

        void tick(Message m) {
            sendEvent(m.getString("n"));
            if ("3".equals(m.getString("n"))) {
                sendBody(new byte[0], false);
            }
        }
    }

    private URI start(Application app, ServerSettings settings) {
        server = UndertowServer.builder().port(0).application(app).settings(settings).build().start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void pathIsDecodedEncodedSlashesTooAndRawPathKeepsTheWireBytes() throws Exception {
        // daphne http_protocol.py: "path": unquote(path), "raw_path": path
        URI base = start(ConsumerFactory.reflective().of(PathEcho.class), ServerSettings.DEFAULTS);
        String response = RawHttp.exchangeWithBody(server.port(), "GET /foo%2Fbar/%E9%A6%96+x?q=%2F HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        JsonNode seen = Json.read(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
        assertEquals("/foo/bar/\u9996+x", seen.path("path").asText());
        assertEquals("/foo%2Fbar/%E9%A6%96+x", seen.path("rawPath").asText());
        assertEquals("q=%2F", seen.path("query").asText());
        assertTrue(base.getPort() > 0);
    }

    @Test
    void answersRequestsWithTheApplicationsResponse() throws Exception {
        URI base = start(ConsumerFactory.reflective().of(Echo.class), ServerSettings.DEFAULTS);
        HttpResponse<String> response = ClientSocket.HTTP.send(HttpRequest.newBuilder(base.resolve("/api/x"))
                .POST(HttpRequest.BodyPublishers.ofString("12345")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("method", "POST", "path", "/api/x", "length", 5), io.channels4j.core.Json.mapper().readValue(response.body(), Map.class));
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void noRouteIs404() throws Exception {
        URI base = start(Application.rejecting(404, "No route found for path 'x'."), ServerSettings.DEFAULTS);
        HttpResponse<String> response = ClientSocket.HTTP.send(HttpRequest.newBuilder(base.resolve("/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertEquals("No route found for path 'x'.", response.body());
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        URI base = start(ConsumerFactory.reflective().of(Echo.class), ServerSettings.builder().maxRequestBodySize(100).build());
        HttpResponse<String> response = ClientSocket.HTTP.send(HttpRequest.newBuilder(base.resolve("/x"))
                .POST(HttpRequest.BodyPublishers.ofString("z".repeat(1000))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
    }

    @Test
    void streamsServerSentEventsAsTheyHappen() throws Exception {
        URI base = start(ConsumerFactory.reflective(layer).of(Stream.class), ServerSettings.DEFAULTS);
        HttpResponse<InputStream> response = ClientSocket.HTTP.send(HttpRequest.newBuilder(base.resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: hello", lines.readLine());
            assertEquals("", lines.readLine());
            for (int n = 1; n <= 3; n++) {
                layer.groupSend("ticks", Message.of("tick", "n", String.valueOf(n)));
                assertEquals("data: " + n, lines.readLine());
                assertEquals("", lines.readLine());
            }
            assertEquals(null, lines.readLine());
        }
    }

    @Test
    void aClientLeavingAStreamEndsTheConsumer() throws Exception {
        URI base = start(ConsumerFactory.reflective(layer).of(Stream.class), ServerSettings.DEFAULTS);
        HttpResponse<InputStream> response = ClientSocket.HTTP.send(HttpRequest.newBuilder(base.resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(response.body().read() > 0);
        assertEquals(1, layer.subscriptionCount());
        response.body().close();
        Eventually.await(Duration.ofSeconds(10), () -> {
            layer.groupSend("ticks", Message.of("tick", "n", "0")); // writes find the closed socket
            return layer.subscriptionCount() == 0;
        }, "the stream's consumer ended");
        assertEquals(0, layer.subscriptionCount());
    }

    @Test
    void accessLogNeverRecordsTokens() {
        assertEquals("a=1&token=[redacted]&b=2", AccessLog.redact("a=1&token=eyJhbGciOi.x.y&b=2"));
        assertEquals("token=[redacted]", AccessLog.redact("token=abc"));
        assertEquals("mytoken=keep", AccessLog.redact("mytoken=keep"));
    }
}
