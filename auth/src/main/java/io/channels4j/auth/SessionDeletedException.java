package io.channels4j.auth;

/**
 * A session could not be saved because it was deleted from the store meanwhile, by a logout on another
 * request or socket (Django raises {@code SuspiciousOperation}). The session stays deleted: saving it
 * again would let the signed-out cookie authenticate once more.
 */
public final class SessionDeletedException extends RuntimeException {
    /** Makes the exception. */
    public SessionDeletedException() {
        super("The session was deleted by a concurrent logout (or it expired) before it could be saved; it stays deleted."
                + " Sign in again to get a new session.");
    }
}
