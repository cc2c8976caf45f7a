package io.channels4j.core.guice;

import com.google.inject.Key;
import com.google.inject.OutOfScopeException;
import com.google.inject.Provider;
import com.google.inject.Scope;
import java.util.HashMap;
import java.util.Map;

/**
 * The Guice scope behind {@link ConnectionScoped}: active while a connection's consumer is being created,
 * so the consumer and everything it injects share one instance of each connection-scoped type.
 */
public final class ConnectionScope implements Scope {
    private final ThreadLocal<Map<Key<?>, Object>> current = new ThreadLocal<>();

    void enter(io.channels4j.core.Scope connection) {
        Map<Key<?>, Object> values = new HashMap<>();
        values.put(Key.get(io.channels4j.core.Scope.class), connection);
        current.set(values);
    }

    void exit() {
        current.remove();
    }

    @Override
    public <T> Provider<T> scope(Key<T> key, Provider<T> unscoped) {
        return () -> {
            Map<Key<?>, Object> values = current.get();
            if (values == null) {
                throw new OutOfScopeException("Cannot provide " + key + " outside a connection: inject it into a consumer's"
                        + " constructor (connection-scoped objects exist while the consumer is created).");
            }
            @SuppressWarnings("unchecked")
            T value = (T) values.get(key);
            if (value == null && !values.containsKey(key)) {
                value = unscoped.get();
                values.put(key, value);
            }
            return value;
        };
    }

    @Override
    public String toString() {
        return "ConnectionScope";
    }
}
