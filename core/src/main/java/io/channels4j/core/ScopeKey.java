package io.channels4j.core;

import java.util.Objects;

/**
 * A typed key for an attribute that middleware adds to a {@link Scope}, such as the user or the session.
 *
 * <p>Keys compare by identity, so two libraries can both use the name "user" without clashing. The
 * {@code hint} is the second half of the error raised when a consumer reads a key nobody set, and says
 * which middleware to add.
 *
 * @param <T> the attribute's type
 */
public final class ScopeKey<T> {
    private final String name;
    private final Class<T> type;
    private final String hint;

    private ScopeKey(String name, Class<T> type, String hint) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.hint = hint;
    }

    /** Creates a key; {@code hint} says what to add when the attribute is missing, e.g. "wrap the application in AuthMiddlewareStack". */
    public static <T> ScopeKey<T> of(String name, Class<T> type, String hint) {
        return new ScopeKey<>(name, type, hint);
    }

    /** Creates a key with a generic hint. */
    public static <T> ScopeKey<T> of(String name, Class<T> type) {
        return new ScopeKey<>(name, type, "add the middleware that provides it");
    }

    /** The attribute's name, for messages and logs. */
    public String name() {
        return name;
    }

    /** The attribute's type. */
    public Class<T> type() {
        return type;
    }

    String hint() {
        return hint;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "ScopeKey[" + name + ": " + type.getSimpleName() + "]";
    }
}
