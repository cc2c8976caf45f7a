package io.channels4j.sample;

import com.fasterxml.jackson.core.type.TypeReference;
import io.channels4j.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP and WebSocket client (the JDK's) for one running sample app. */
final class LiveClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int port;

    LiveClient(int port) {
        this.port = port;
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in and returns the {@code Cookie} header value for the session. */
    String login(String user, String password) throws Exception {
        HttpResponse<String> response = post("/auth/login", Json.write(Map.of("username", user, "password", password)));
        if (response.statusCode() != 200) {
            throw new AssertionError("login failed: " + response.statusCode() + " " + response.body());
        }
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    String token(String user, String password) throws Exception {
        HttpResponse<String> response = post("/auth/token", Json.write(Map.of("username", user, "password", password)));
        return (String) Json.mapper().readValue(response.body(), Map.class).get("token");
    }

    Socket socket(String path, String... headers) throws Exception {
        Socket socket = new Socket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals("Sec-WebSocket-Protocol")) {
                String[] offered = headers[i + 1].split(",\\s*");
                builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
            } else {
                builder.header(headers[i], headers[i + 1]);
            }
        }
        socket.ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), socket).get(10, TimeUnit.SECONDS);
        return socket;
    }

    /** The HTTP status with which the server refused a handshake (101 when it accepted). */
    int handshakeStatus(String path, String... headers) throws Exception {
        try {
            socket(path, headers).ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException) {
                return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
            }
            throw e;
        }
    }

    /** One open WebSocket and what it received; chat presence frames are kept apart, for {@link #receivePresence()}. */
    static final class Socket implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Map<String, Object>> presence = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();
        WebSocket ws;

        void sendJson(Object value) {
            ws.sendText(Json.write(value), true).join();
        }

        Map<String, Object> receiveJson() throws Exception {
            String text = texts.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no message within 10 s");
            }
            return Json.mapper().readValue(text, new TypeReference<Map<String, Object>>() {
            });
        }

        /** The next message within {@code wait}, or null. */
        Map<String, Object> receiveJson(Duration wait) throws Exception {
            String text = texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return text == null ? null : Json.mapper().readValue(text, new TypeReference<Map<String, Object>>() {
            });
        }

        /** The next presence frame ({@code presence}, {@code presence.join}, ...) within 20 s. */
        Map<String, Object> receivePresence() throws InterruptedException {
            Map<String, Object> frame = presence.poll(20, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no presence frame within 20 s");
            }
            return frame;
        }

        boolean receivesNothing(Duration wait) throws InterruptedException {
            return texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Map<String, Object> frame = presenceFrame(text);
                if (frame != null) {
                    presence.add(frame);
                } else {
                    texts.add(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        private static Map<String, Object> presenceFrame(String text) {
            try {
                Map<String, Object> frame = Json.mapper().readValue(text, new TypeReference<Map<String, Object>>() {
                });
                return String.valueOf(frame.get("type")).startsWith("presence") ? frame : null;
            } catch (java.io.IOException | RuntimeException notAnObject) {
                return null;
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
