package io.channels4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Session ids and their HMAC-SHA256 signatures, so a forged or tampered cookie is simply no session. */
final class SignedIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    SignedIds(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    static String newId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    String sign(String id) {
        return id + "." + mac(id);
    }

    /** The id inside a cookie value, or null when the value is malformed or its signature wrong. */
    String verify(String cookieValue) {
        if (cookieValue == null) {
            return null;
        }
        int dot = cookieValue.lastIndexOf('.');
        if (dot <= 0 || dot == cookieValue.length() - 1) {
            return null;
        }
        String id = cookieValue.substring(0, dot);
        byte[] expected = mac(id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = cookieValue.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? id : null;
    }

    private String mac(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return ENCODER.encodeToString(mac.doFinal(("sessionid:" + id).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
