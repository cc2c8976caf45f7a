/**
 * Who is on the other end: cookies, signed sessions, JWT bearer tokens and origin checks.
 *
 * <dl>
 *   <dt>{@link io.channels4j.auth.AuthMiddlewareStack}</dt><dd>cookies + sessions + auth, the one line users write</dd>
 *   <dt>{@link io.channels4j.auth.Auth}</dt><dd>{@code USER}, {@code SESSION}, login, logout, per-user groups</dd>
 *   <dt>{@link io.channels4j.auth.JwtAuthenticator}</dt><dd>HS256, RS256 or ES256 tokens with JJWT</dd>
 *   <dt>{@link io.channels4j.auth.OriginValidator}</dt><dd>403 for WebSockets from other sites</dd>
 *   <dt>{@link io.channels4j.auth.CsrfOriginCheck}</dt><dd>403 for POST, PUT, PATCH and DELETE from other sites' pages</dd>
 *   <dt>{@link io.channels4j.auth.LoginRequired}</dt><dd>403 / 401 for anonymous users</dd>
 *   <dt>{@link io.channels4j.core.session.SessionStore}</dt><dd>where sessions live; in memory by default</dd>
 *   <dt>{@link io.channels4j.auth.SessionDeletedException}</dt><dd>a save refused: a logout deleted the session meanwhile</dd>
 * </dl>
 */
package io.channels4j.auth;
