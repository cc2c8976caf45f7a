package io.channels4j.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with PBKDF2-HMAC-SHA256 from the JDK, encoded as Django does:
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}.
 */
public final class Passwords {
    /** Iterations for new hashes. */
    public static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** A new salted hash of {@code password}. */
    public static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    /** A new salted hash with {@code iterations} (tests use fewer). */
    public static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String encodedSalt = Base64.getEncoder().encodeToString(salt);
        return "pbkdf2_sha256$" + iterations + "$" + encodedSalt + "$" + derive(password, encodedSalt, iterations);
    }

    /** Whether {@code password} matches {@code encoded}; malformed hashes never match. Constant time. */
    public static boolean verify(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2_sha256")) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            String actual = derive(password, parts[2], iterations);
            return MessageDigest.isEqual(actual.getBytes(), parts[3].getBytes());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String derive(String password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(), iterations, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
