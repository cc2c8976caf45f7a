package io.channels4j.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.channels4j.core.ConsumerFactory;
import io.channels4j.core.HttpConsumer;
import io.channels4j.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests that promise much and send little, send too much, or stall: each costs the server only what arrived, for a bounded time. */
@Timeout(60)
class HttpRequestLimitsTest {
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private UndertowServer server;

    static final class Length extends HttpConsumer {
        @Override
        protected void handle(byte[] body) {
            sendText(200, Integer.toString(body.length));
        }
    }

    private void start(ServerSettings.Builder settings) {
        server = UndertowServer.builder().port(0).application(ConsumerFactory.reflective().of(Length.class))
                .settings(settings.build()).accessLogLines(accessLog::add).build().start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private Socket send(String text) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        write(socket, text);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String post(long contentLength) {
        return "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    /** The status of the response, or -1 when the server closed without one. */
    private static int status(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] line = new byte[12];
        int read = 0;
        while (read < line.length) {
            int n = in.read(line, read, line.length - read);
            if (n < 0) {
                return -1;
            }
            read += n;
        }
        return Integer.parseInt(new String(line, 9, 3, StandardCharsets.ISO_8859_1));
    }

    /** Reads until the server closes the connection; fails when it does not within the socket timeout. */
    private static void awaitClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[1024];
        while (in.read(sink) >= 0) {
            // the response, if any
        }
    }

    private double bodyBytes() {
        return server.meters().get("channels4j.http.body.bytes").gauge().value();
    }

    private double openSockets() {
        return server.meters().get("channels4j.sockets.open").gauge().value();
    }

    @Test
    void aDeclaredLengthReservesNothingBeforeTheBytesArrive() throws Exception {
        start(ServerSettings.builder());
        int attackers = 40;
        for (int i = 0; i < attackers; i++) {
            send(post(10_485_760) + "x"); // 10 MiB promised, one byte sent, then silence
        }
        Eventually.await(Duration.ofSeconds(10), () -> bodyBytes() == attackers, "every attacker's one byte held");
        assertEquals(attackers, bodyBytes(), "bytes held for bodies: what arrived, not what was declared");
        Socket honest = send(post(5) + "hello");
        assertEquals(200, status(honest));
        for (Socket socket : sockets) {
            socket.close();
        }
        Eventually.await(Duration.ofSeconds(10), () -> bodyBytes() == 0 && server.openConnections() == 0, "everything released");
    }

    @Test
    void bodiesBeyondTheServersBudgetGet503() throws Exception {
        start(ServerSettings.builder().maxInflightBodyBytes(64 * 1024));
        Socket first = send(post(60_000) + "a".repeat(40_000));
        Eventually.await(Duration.ofSeconds(10), () -> bodyBytes() == 40_000, "the first body's bytes held");
        Socket second = send(post(100_000) + "b".repeat(40_000));
        assertEquals(503, status(second));
        Eventually.await(Duration.ofSeconds(10), () -> bodyBytes() == 40_000, "the refused body released");
        write(first, "a".repeat(20_000));
        assertEquals(200, status(first), "the body within the budget is served");
        Eventually.await(Duration.ofSeconds(10), () -> bodyBytes() == 0, "all released");
        assertTrue(accessLog.stream().anyMatch(line -> line.contains("\"POST /upload\" 503")), accessLog.toString());
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws Exception {
        start(ServerSettings.builder().maxRequestBodySize(1000));
        String chunk = Integer.toHexString(800) + "\r\n" + "c".repeat(800) + "\r\n";
        Socket socket = send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk + "0\r\n\r\n");
        assertEquals(413, status(socket));
        Eventually.await(Duration.ofSeconds(5), () -> !accessLog.isEmpty(), "an access log line");
        assertTrue(accessLog.get(0).contains("\"POST /upload\" 413"), accessLog.toString());
        assertEquals(0, server.openConnections());
    }

    @Test
    void aBogusChunkSizeGets400() throws Exception {
        start(ServerSettings.builder());
        Socket socket = send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertEquals(400, status(socket));
        Eventually.await(Duration.ofSeconds(5), () -> !accessLog.isEmpty(), "an access log line");
        assertTrue(accessLog.get(0).contains("\"POST /upload\" 400"), accessLog.toString());
    }

    @Test
    void pipelinedChunkedRequestsShareTheConnection() throws Exception {
        start(ServerSettings.builder());
        String chunked = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n";
        Socket socket = send(chunked + chunked + post(2) + "ok");
        assertEquals("8", body(socket));
        assertEquals("8", body(socket));
        assertEquals("2", body(socket));
    }

    @Test
    void aChunkedBodyThatArrivesAfterItsHeadersIsRead() throws Exception {
        start(ServerSettings.builder());
        Socket socket = send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        Eventually.await(Duration.ofSeconds(5), () -> server.openConnections() == 1, "the request handed to the server");
        write(socket, "5\r\nhello\r\n");
        Eventually.await(Duration.ofSeconds(5), () -> bodyBytes() == 5, "the first chunk held");
        write(socket, "0\r\n\r\n" + post(2) + "ok");
        assertEquals("5", body(socket));
        assertEquals("2", body(socket));
    }

    /** The body of the next 200 response on the connection. */
    private static String body(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed after " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
        int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void halfTheHeadersThenSilenceIsClosedAfterTheHeaderTimeout() throws Exception {
        start(ServerSettings.builder().requestHeaderTimeout(Duration.ofMillis(300)));
        Socket stalled = send("GET /ws/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"); // half a handshake
        Eventually.await(Duration.ofSeconds(5), () -> openSockets() == 1, "the stalled socket counted");
        awaitClosedByServer(stalled);
        Eventually.await(Duration.ofSeconds(5), () -> openSockets() == 0, "the stalled socket released");
    }

    @Test
    void halfABodyThenSilenceIsClosedAfterTheBodyTimeout() throws Exception {
        start(ServerSettings.builder().requestBodyTimeout(Duration.ofMillis(300)));
        Socket stalled = send(post(100) + "only ten b");
        Eventually.await(Duration.ofSeconds(5), () -> openSockets() == 1 && server.openConnections() == 1, "the stalled request counted");
        assertEquals(408, status(stalled));
        awaitClosedByServer(stalled);
        Eventually.await(Duration.ofSeconds(5), () -> openSockets() == 0 && server.openConnections() == 0 && bodyBytes() == 0, "the stalled request released");
        assertEquals(0, openSockets(), "sockets open");
        assertEquals(0, server.openConnections(), "requests in flight");
        assertEquals(0, bodyBytes(), "body bytes held");
    }
}
