/**
 * Sessions (and group histories) kept in a database through JDBC, so a restart or a redeploy logs nobody out: an embedded H2 file
 * by default, PostgreSQL for several nodes. The store opens a HikariCP pool and creates its own tables with
 * Flyway (history in {@code channels4j_schema_history}, apart from an application's migrations).
 *
 * <dl>
 *   <dt>{@link io.channels4j.store.jdbc.JdbcSessionStore}</dt><dd>the {@code SessionStore}, with its periodic purge of expired sessions</dd>
 *   <dt>{@link io.channels4j.store.jdbc.JdbcSessionStoreBuilder}</dt><dd>where the database is: a file, a URL or a data source</dd>
 *   <dt>{@link io.channels4j.store.jdbc.JdbcHistoryStore}</dt><dd>group histories that survive a restart, for the in-memory layer</dd>
 *   <dt>{@link io.channels4j.store.jdbc.JdbcStoreException}</dt><dd>the database could not be reached or refused a statement</dd>
 * </dl>
 */
package io.channels4j.store.jdbc;
