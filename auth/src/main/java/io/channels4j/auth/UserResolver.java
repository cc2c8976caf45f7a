package io.channels4j.auth;

import java.util.Optional;

/**
 * Turns a session's user id or a token's subject into a {@link User}; the app binds its own (a database
 * lookup, say). Called off the IO thread, so it may block. Empty means "no such user": anonymous.
 */
@FunctionalInterface
public interface UserResolver {
    /** Trusts the id and makes a user of that name. */
    UserResolver TRUSTING = id -> Optional.of(User.of(id));

    /** The user with id {@code userId}, if it exists and may sign in. */
    Optional<User> resolve(String userId);
}
