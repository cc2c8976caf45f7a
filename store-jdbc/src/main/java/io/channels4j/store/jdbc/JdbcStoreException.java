package io.channels4j.store.jdbc;

/**
 * The session database could not be reached, or refused a statement. The session middleware answers such
 * failures with 503; the message names the operation and the database's reason, never a session id.
 */
public final class JdbcStoreException extends RuntimeException {
    /** An exception with {@code message}, caused by {@code cause}. */
    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
