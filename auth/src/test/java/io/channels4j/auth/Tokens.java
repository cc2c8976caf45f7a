package io.channels4j.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.SecretKey;

/** Tokens built in tests, good and bad. */
final class Tokens {
    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";
    static final SecretKey KEY = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
    static final SecretKey OTHER_KEY = Keys.hmacShaKeyFor("another-secret-also-long-enough-for-hs256!!".getBytes(StandardCharsets.UTF_8));

    private Tokens() {
    }

    static JwtAuthenticator authenticator() {
        return JwtAuthenticator.builder().hs256(SECRET.getBytes(StandardCharsets.UTF_8)).build();
    }

    static String valid(String subject) {
        return expiringIn(subject, Duration.ofMinutes(5));
    }

    static String expiringIn(String subject, Duration ttl) {
        return Jwts.builder().subject(subject).expiration(Date.from(Instant.now().plus(ttl))).signWith(KEY, Jwts.SIG.HS256).compact();
    }

    static String signedWithOtherKey(String subject) {
        return Jwts.builder().subject(subject).expiration(Date.from(Instant.now().plusSeconds(300))).signWith(OTHER_KEY, Jwts.SIG.HS256).compact();
    }

    static String expired(String subject) {
        return Jwts.builder().subject(subject).expiration(Date.from(Instant.now().minusSeconds(600))).signWith(KEY, Jwts.SIG.HS256).compact();
    }

    static String notYetValid(String subject) {
        return Jwts.builder().subject(subject).notBefore(Date.from(Instant.now().plusSeconds(600)))
                .expiration(Date.from(Instant.now().plusSeconds(1200))).signWith(KEY, Jwts.SIG.HS256).compact();
    }

    static String withoutExpiry(String subject) {
        return Jwts.builder().subject(subject).signWith(KEY, Jwts.SIG.HS256).compact();
    }

    static String unsigned(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        String payload = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
