package io.channels4j.server.undertow;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Deflater;

/**
 * Compresses outbound messages for permessage-deflate without context takeover. With {@link Compression#SHARED} a
 * payload is compressed once: the members of a group share the payload array (a group message's JSON is encoded
 * once), so the compressed bytes are remembered by that array's identity and handed to every member that asks.
 */
final class MessageCompressor {
    private static final int SLOTS = 64; // recent payloads remembered; a broadcast asks for the same one many times in a row
    private static final byte[] SYNC_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Compression mode;
    private final int threshold;
    private final ServerMetrics metrics;
    private final Slot[] slots = new Slot[SLOTS];
    private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();

    MessageCompressor(ServerSettings settings, ServerMetrics metrics) {
        this.mode = settings.compression();
        this.threshold = settings.compressionThreshold();
        this.metrics = metrics;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
    }

    /** Whether a message of this size goes compressed to a client that negotiated permessage-deflate. */
    boolean worthCompressing(int size) {
        return mode != Compression.OFF && size >= threshold;
    }

    /** The message body of a compressed frame carrying {@code payload}. */
    byte[] compressed(byte[] payload) {
        if (mode != Compression.SHARED) {
            return deflate(payload);
        }
        Slot slot = slots[(System.identityHashCode(payload) & 0x7fffffff) % SLOTS];
        synchronized (slot) {
            if (slot.payload != payload) {
                slot.compressed = deflate(payload);
                slot.payload = payload;
            }
            return slot.compressed;
        }
    }

    // RFC 7692 7.2.1: a raw DEFLATE stream flushed with SYNC_FLUSH, without its trailing 00 00 ff ff
    private byte[] deflate(byte[] payload) {
        Deflater deflater = deflaters.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 16);
            byte[] chunk = new byte[Math.min(16384, payload.length + 64)];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] result = out.toByteArray();
            int length = result.length;
            if (length >= 4 && Arrays.equals(result, length - 4, length, SYNC_TAIL, 0, 4)) {
                length -= 4;
            }
            metrics.compressed(payload.length, length);
            return length == result.length ? result : Arrays.copyOf(result, length);
        } finally {
            deflater.reset(); // no context takeover: the next message starts from an empty window
            deflaters.offer(deflater);
        }
    }

    /** Frees the deflaters' native memory. */
    void close() {
        Deflater deflater;
        while ((deflater = deflaters.poll()) != null) {
            deflater.end();
        }
    }

    private static final class Slot {
        private byte[] payload; // guarded by this
        private byte[] compressed; // guarded by this
    }
}
