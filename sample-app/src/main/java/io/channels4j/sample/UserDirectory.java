package io.channels4j.sample;

import io.channels4j.auth.Passwords;
import io.channels4j.auth.User;
import io.channels4j.auth.UserResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The demo users; passwords are kept only as PBKDF2 hashes. */
final class UserDirectory implements UserResolver {
    private final Map<String, String> hashes = new LinkedHashMap<>();

    UserDirectory(Map<String, String> passwords) {
        passwords.forEach((name, password) -> hashes.put(name, Passwords.hash(password)));
    }

    /** The user if the password matches; a wrong name costs as much as a wrong password. */
    Optional<User> authenticate(String username, String password) {
        String hash = hashes.get(username);
        boolean ok = Passwords.verify(password, hash != null ? hash : DUMMY);
        return hash != null && ok ? Optional.of(User.of(username)) : Optional.empty();
    }

    @Override
    public Optional<User> resolve(String userId) {
        return hashes.containsKey(userId) ? Optional.of(User.of(userId)) : Optional.empty();
    }

    private static final String DUMMY = Passwords.hash("not a real password");
}
