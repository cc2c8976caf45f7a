package io.channels4j.server.undertow;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** A WebSocket client written frame by frame, for clients that misbehave on purpose. */
final class RawWebsocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CONTINUATION = 0;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private RawWebsocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawWebsocket connect(int port, String path) throws IOException {
        return connect(port, path, 0);
    }

    /** Opens and upgrades; a positive {@code receiveBuffer} makes the socket's kernel buffer that small. */
    static RawWebsocket connect(int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        RawWebsocket ws = new RawWebsocket(socket);
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
        }
        return ws;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    void send(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)) & 0xff);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        frame.write(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(true, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The next frame, or null when the server closed the connection. */
    Frame read() throws IOException {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
    }

    /** Reads until a close frame (its code) or the end of the stream (1006). */
    int awaitClose() throws IOException {
        try {
            Frame frame;
            while ((frame = read()) != null) {
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
            return 1006;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither closed nor answered within the socket timeout", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
