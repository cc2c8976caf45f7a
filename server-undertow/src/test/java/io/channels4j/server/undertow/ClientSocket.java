package io.channels4j.server.undertow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that records what arrives, for server tests. */
final class ClientSocket implements WebSocket.Listener {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<int[]> closed = new CompletableFuture<>();
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static ClientSocket open(int port, String path, String... subprotocols) throws Exception {
        ClientSocket client = new ClientSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).get(5, TimeUnit.SECONDS);
        return client;
    }

    /** The HTTP status of a refused handshake. */
    static int refusedStatus(int port, String path) throws Exception {
        try {
            open(port, path).socket.abort();
            return 101;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException) {
                cause = cause.getCause();
            }
            if (cause instanceof WebSocketHandshakeException) {
                return ((WebSocketHandshakeException) cause).getResponse().statusCode();
            }
            throw e;
        }
    }

    String next() throws InterruptedException {
        String text = texts.poll(5, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no message within 5 s");
        }
        return text;
    }

    int closeCode() throws Exception {
        return closed.get(5, TimeUnit.SECONDS)[0];
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new int[] {1006});
    }

    List<String> drain() {
        List<String> all = new java.util.ArrayList<>();
        texts.drainTo(all);
        return all;
    }
}
