package io.channels4j.auth;

import java.time.Instant;

/**
 * A JWT whose signature, algorithm, expiry and (when configured) issuer and audience checked out.
 *
 * @param subject the {@code sub} claim: the user id
 * @param expiresAt the {@code exp} claim
 */
public record VerifiedToken(String subject, Instant expiresAt) {
}
