package io.channels4j.layers.redis;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.channels4j.core.ChannelLayerException;
import io.channels4j.core.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Messages on the wire: Jackson CBOR, a binary JSON whose byte strings keep {@code byte[]} values intact.
 * Deliveries to one channel are framed as {@code <channel>\n<cbor>}, queued ones as {@code <millis>\n<cbor>}.
 */
final class MessageCodec {
    private static final CBORMapper CBOR = new CBORMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private MessageCodec() {
    }

    static byte[] encode(Message message) {
        try {
            return CBOR.writeValueAsBytes(message.asMap());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot encode " + message + " as CBOR: " + e.getMessage(), e);
        }
    }

    static Message decode(byte[] bytes, int offset) {
        try {
            return Message.of(CBOR.readValue(bytes, offset, bytes.length - offset, MAP));
        } catch (IOException e) {
            throw new ChannelLayerException("A message in Redis is not valid CBOR: " + e.getMessage(), e);
        }
    }

    static byte[] frame(String head, byte[] body) {
        byte[] prefix = (head + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] framed = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, framed, prefix.length, body.length);
        return framed;
    }

    /** The position of the frame's body, after the head and its newline; -1 when there is none. */
    static int bodyStart(byte[] framed) {
        for (int i = 0; i < framed.length; i++) {
            if (framed[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    static String head(byte[] framed, int bodyStart) {
        return new String(framed, 0, bodyStart - 1, StandardCharsets.UTF_8);
    }
}
