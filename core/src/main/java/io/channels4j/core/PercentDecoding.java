package io.channels4j.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a raw request path as Daphne does ({@code urllib.parse.unquote}): every {@code %XX} becomes its byte,
 * {@code %2F} included, the bytes are read as UTF-8 with malformed sequences replaced, and {@code +} stays a plus.
 */
final class PercentDecoding {
    private PercentDecoding() {
    }

    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8); // a bad escape stays as it was
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException cannotHappenWithReplace) {
            throw new IllegalStateException(cannotHappenWithReplace);
        }
    }
}
