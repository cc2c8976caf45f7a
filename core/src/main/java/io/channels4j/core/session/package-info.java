/**
 * The session-store contract, here so that stores (Redis, JDBC) and the middleware that uses them (auth)
 * meet without depending on each other: {@link io.channels4j.core.session.SessionStore}.
 */
package io.channels4j.core.session;
