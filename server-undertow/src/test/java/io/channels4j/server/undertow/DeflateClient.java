package io.channels4j.server.undertow;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client that offers permessage-deflate and compresses what it sends with context takeover (one
 * deflater for the whole connection, as browsers do), and reads frames as they came off the wire.
 */
final class DeflateClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    /** The Sec-WebSocket-Extensions the server answered, or null. */
    final String extensions;

    /** One frame as it arrived: whether RSV1 (compressed) was set, and its payload before inflating. */
    record Frame(int opcode, boolean compressed, byte[] payload) {
        String text() {
            if (!compressed) {
                return new String(payload, StandardCharsets.UTF_8);
            }
            Inflater inflater = new Inflater(true); // a fresh one: the server promised no context takeover
            try {
                byte[] input = new byte[payload.length + 4];
                System.arraycopy(payload, 0, input, 0, payload.length);
                System.arraycopy(TAIL, 0, input, payload.length, 4);
                inflater.setInput(input);
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                while (!inflater.needsInput()) {
                    int n = inflater.inflate(chunk);
                    if (n == 0 && inflater.needsDictionary()) {
                        throw new AssertionError("the frame refers to an earlier message's window");
                    }
                    text.write(chunk, 0, n);
                }
                return text.toString(StandardCharsets.UTF_8);
            } catch (DataFormatException e) {
                throw new AssertionError("not a standalone DEFLATE stream", e);
            } finally {
                inflater.end();
            }
        }
    }

    private DeflateClient(Socket socket, String extensions) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.extensions = extensions;
    }

    /** Connects, offering {@code offer} as Sec-WebSocket-Extensions (null offers nothing). */
    static DeflateClient connect(int port, String path, String offer) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
        }
        String response = head.toString(StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        String extensions = response.lines().filter(line -> line.toLowerCase().startsWith("sec-websocket-extensions:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null);
        return new DeflateClient(socket, extensions);
    }

    /** Sends a text message compressed with this connection's one deflater (context takeover). */
    void sendCompressed(String text) throws IOException {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            body.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] bytes = body.toByteArray();
        send(0x40 | 1, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    }

    void sendText(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int rsvAndOpcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | rsvAndOpcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next data frame. */
    Frame read() throws IOException {
        while (true) {
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
            int opcode = first & 0x0f;
            if (opcode == 1 || opcode == 2) {
                return new Frame(opcode, (first & 0x40) != 0, payload);
            }
        }
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        socket.close();
    }
}
