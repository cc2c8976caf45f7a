package io.channels4j.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT bearer tokens with JJWT: HS256 by default, RS256 or ES256 by configuration. {@code exp} is
 * required; {@code nbf}, {@code iss} and {@code aud} are checked (the latter two when configured), with a
 * small clock skew. Any bad token (unsigned {@code alg: none}, wrong signature or key, another algorithm,
 * expired, not yet valid, malformed) verifies to nothing, never to its claimed identity, and never throws.
 * <pre>
 * JwtAuthenticator jwt = JwtAuthenticator.builder().hs256(secret.getBytes(UTF_8)).issuer("https://auth.example.com").build();
 * </pre>
 */
public final class JwtAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

    private static final int CACHE_LIMIT = 10_000;

    private final JwtParser parser;
    private final String algorithm;
    private final Key signingKey;
    private final Clock clock;
    private final Duration clockSkew;
    // a reconnecting client presents the same token again; its signature need not be checked twice
    private final java.util.Map<String, VerifiedToken> verified = new java.util.concurrent.ConcurrentHashMap<>();

    private JwtAuthenticator(Builder b) {
        if (b.key == null) {
            throw new IllegalStateException("JwtAuthenticator needs a key: call hs256(secret), rs256(publicKey) or es256(publicKey).");
        }
        Clock clock = b.clock;
        JwtParserBuilder parser = Jwts.parser().clockSkewSeconds(b.clockSkew.toSeconds()).clock(() -> Date.from(clock.instant()));
        if (b.key instanceof SecretKey secret) {
            parser.verifyWith(secret);
        } else {
            parser.verifyWith((PublicKey) b.key);
        }
        if (b.issuer != null) {
            parser.requireIssuer(b.issuer);
        }
        if (b.audience != null) {
            parser.requireAudience(b.audience);
        }
        this.parser = parser.build();
        this.clock = clock;
        this.clockSkew = b.clockSkew;
        this.algorithm = b.algorithm;
        this.signingKey = b.key instanceof SecretKey ? b.key : null;
    }

    /** Starts a configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** The token's subject and expiry when it is valid; empty otherwise (logged at debug, without the token). */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Optional.empty();
        }
        VerifiedToken known = verified.get(token);
        if (known != null) {
            if (clock.instant().isBefore(validUntil(known.expiresAt()))) {
                return Optional.of(known);
            }
            verified.remove(token);
            return Optional.empty();
        }
        Optional<VerifiedToken> result = check(token);
        result.ifPresent(ok -> {
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear(); // a bound, not an LRU: the cache only saves work
            }
            verified.put(token, ok);
        });
        return result;
    }

    /**
     * The instant from which a token with expiry {@code exp} is refused: {@code exp} plus the clock skew.
     * The one rule for every path: an HTTP request, a handshake, and the 4401 close of an open socket.
     */
    Instant validUntil(Instant exp) {
        return exp.plus(clockSkew);
    }

    /** The clock tokens are judged by. */
    Clock clock() {
        return clock;
    }

    private Optional<VerifiedToken> check(String token) {
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token.trim());
            if (!algorithm.equals(jws.getHeader().getAlgorithm())) {
                log.debug("Rejected a JWT signed with {} (expected {})", jws.getHeader().getAlgorithm(), algorithm);
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            if (claims.getExpiration() == null) {
                log.debug("Rejected a JWT without 'exp'");
                return Optional.empty();
            }
            if (claims.getSubject() == null || claims.getSubject().isBlank()) {
                log.debug("Rejected a JWT without 'sub'");
                return Optional.empty();
            }
            return Optional.of(new VerifiedToken(claims.getSubject(), claims.getExpiration().toInstant()));
        } catch (JwtException | IllegalArgumentException e) {
            log.debug("Rejected a JWT: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Mints an HS256 token for {@code subject} that expires after {@code ttl}.
     *
     * @throws IllegalStateException when this authenticator verifies with a public key (it cannot sign)
     */
    public String issue(String subject, Duration ttl, Clock clock) {
        if (signingKey == null) {
            throw new IllegalStateException("This JwtAuthenticator verifies " + algorithm + " with a public key and cannot issue tokens.");
        }
        Date now = Date.from(clock.instant());
        return Jwts.builder().subject(subject).issuedAt(now).expiration(Date.from(clock.instant().plus(ttl)))
                .signWith((SecretKey) signingKey, Jwts.SIG.HS256).compact();
    }

    /** Settings for a {@link JwtAuthenticator}. */
    public static final class Builder {
        private Key key;
        private String algorithm;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Verifies HS256 tokens with {@code secret}.
         *
         * @throws IllegalArgumentException when the key is shorter than 256 bits
         */
        public Builder hs256(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length * 8 < 256) {
                throw new IllegalArgumentException("JWT key is " + secret.length * 8
                        + " bits; HS256 needs at least 256: set SECRET_KEY (or JWT_SECRET) to 32 or more characters.");
            }
            this.key = Keys.hmacShaKeyFor(secret);
            this.algorithm = "HS256";
            return this;
        }

        /** Verifies RS256 tokens with an RSA public key. */
        public Builder rs256(PublicKey publicKey) {
            this.key = Objects.requireNonNull(publicKey, "publicKey");
            this.algorithm = "RS256";
            return this;
        }

        /** Verifies ES256 tokens with an EC P-256 public key. */
        public Builder es256(PublicKey publicKey) {
            this.key = Objects.requireNonNull(publicKey, "publicKey");
            this.algorithm = "ES256";
            return this;
        }

        /** Requires {@code iss} to equal {@code issuer}. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Requires {@code aud} to contain {@code audience}. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** How far clocks may disagree on {@code exp} and {@code nbf} (default 30 s). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Objects.requireNonNull(skew, "skew");
            return this;
        }

        /** The clock, for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The authenticator. */
        public JwtAuthenticator build() {
            return new JwtAuthenticator(this);
        }
    }
}
