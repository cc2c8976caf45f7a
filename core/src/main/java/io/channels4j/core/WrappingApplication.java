package io.channels4j.core;

import java.util.Objects;

/**
 * An application made by a {@link Middleware}: it does its work, then hands the connection on to the
 * application it wraps. Routers look through it, so a router wrapped in middleware still nests like a
 * router ({@code path("api/", LoginRequired.wrapping(include(...)))} matches a prefix), which Channels
 * marks with {@code _path_routing}.
 * <pre>
 * public Application wrap(Application inner) {
 *     return new WrappingApplication(inner) {
 *         public ApplicationInstance open(Scope scope, Sender sender) { return inner().open(scope.with(KEY, v), sender); }
 *     };
 * }
 * </pre>
 */
public abstract class WrappingApplication implements Application {
    private final Application inner;

    /** A wrapper that hands connections on to {@code inner}. */
    protected WrappingApplication(Application inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The application this one hands connections on to. */
    public final Application inner() {
        return inner;
    }

    /** An application that opens connections with {@code application}, which hands them on to {@code inner}. */
    public static WrappingApplication of(Application inner, Application application) {
        Objects.requireNonNull(application, "application");
        return new WrappingApplication(inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                return application.open(scope, sender);
            }

            @Override
            public String toString() {
                return inner.toString();
            }
        };
    }

    /** The innermost application under any number of wrappers. */
    public static Application unwrap(Application application) {
        Application found = application;
        while (found instanceof WrappingApplication) {
            found = ((WrappingApplication) found).inner;
        }
        return found;
    }
}
