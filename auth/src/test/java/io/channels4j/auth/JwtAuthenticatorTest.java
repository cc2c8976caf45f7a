package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {
    private final JwtAuthenticator jwt = Tokens.authenticator();

    @Test
    void acceptsAValidToken() {
        VerifiedToken token = jwt.verify(Tokens.valid("alice")).orElseThrow();
        assertEquals("alice", token.subject());
        assertTrue(token.expiresAt().isAfter(Instant.now()));
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        assertTrue(jwt.verify(Tokens.unsigned("alice")).isEmpty());
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        assertTrue(jwt.verify(Tokens.signedWithOtherKey("alice")).isEmpty());
    }

    @Test
    void rejectsExpiredToken() {
        assertTrue(jwt.verify(Tokens.expired("alice")).isEmpty());
    }

    @Test
    void rejectsTokenNotValidYet() {
        assertTrue(jwt.verify(Tokens.notYetValid("alice")).isEmpty());
    }

    @Test
    void rejectsTokenWithoutExpiry() {
        assertTrue(jwt.verify(Tokens.withoutExpiry("alice")).isEmpty());
    }

    @Test
    void rejectsTruncatedAndGarbageTokens() {
        String good = Tokens.valid("alice");
        assertTrue(jwt.verify(good.substring(0, good.length() - 5)).isEmpty());
        assertTrue(jwt.verify(good.substring(0, good.lastIndexOf('.'))).isEmpty());
        assertTrue(jwt.verify("garbage").isEmpty());
        assertTrue(jwt.verify("a.b.c").isEmpty());
        assertTrue(jwt.verify("").isEmpty());
        assertTrue(jwt.verify(null).isEmpty());
    }

    @Test
    void checksIssuerAndAudienceWhenConfigured() {
        JwtAuthenticator strict = JwtAuthenticator.builder().hs256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8))
                .issuer("https://auth.example.com").audience("chat").build();
        Date exp = Date.from(Instant.now().plusSeconds(300));
        String right = Jwts.builder().subject("a").issuer("https://auth.example.com").audience().add("chat").and().expiration(exp)
                .signWith(Tokens.KEY).compact();
        String wrongIssuer = Jwts.builder().subject("a").issuer("https://evil.example").audience().add("chat").and().expiration(exp)
                .signWith(Tokens.KEY).compact();
        String wrongAudience = Jwts.builder().subject("a").issuer("https://auth.example.com").audience().add("other").and().expiration(exp)
                .signWith(Tokens.KEY).compact();
        assertTrue(strict.verify(right).isPresent());
        assertTrue(strict.verify(wrongIssuer).isEmpty());
        assertTrue(strict.verify(wrongAudience).isEmpty());
    }

    @Test
    void refusesKeysShorterThan256Bits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().hs256("sixteen-bytes!!!".getBytes(StandardCharsets.UTF_8)));
        assertEquals("JWT key is 128 bits; HS256 needs at least 256: set SECRET_KEY (or JWT_SECRET) to 32 or more characters.", e.getMessage());
    }

    @Test
    void rs256VerifiesRsaSignaturesAndRefusesHmacOnes() {
        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        JwtAuthenticator rsa = JwtAuthenticator.builder().rs256(pair.getPublic()).build();
        String signed = Jwts.builder().subject("bob").expiration(Date.from(Instant.now().plusSeconds(60))).signWith(pair.getPrivate()).compact();
        assertEquals("bob", rsa.verify(signed).orElseThrow().subject());
        assertTrue(rsa.verify(Tokens.valid("bob")).isEmpty());
    }

    @Test
    void allowsASmallClockSkewOnly() {
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(20));
        JwtAuthenticator skewed = JwtAuthenticator.builder().hs256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)).clock(late).build();
        assertTrue(skewed.verify(Tokens.expiringIn("a", Duration.ofSeconds(5))).isPresent());
        assertTrue(skewed.verify(Tokens.expiringIn("a", Duration.ofSeconds(-60))).isEmpty());
    }

    @Test
    void aTokenVerifiedBeforeStillExpires() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
        Clock movable = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JwtAuthenticator cached = JwtAuthenticator.builder().hs256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)).clock(movable).build();
        String token = Tokens.expiringIn("erin", Duration.ofMinutes(2));
        assertTrue(cached.verify(token).isPresent());
        assertTrue(cached.verify(token).isPresent(), "the second check is answered from the cache");
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertTrue(cached.verify(token).isEmpty(), "a cached token expires like any other");
    }

    @Test
    void issuesTokensItCanVerify() {
        String token = jwt.issue("carol", Duration.ofMinutes(1), Clock.systemUTC());
        assertEquals("carol", jwt.verify(token).orElseThrow().subject());
    }
}
