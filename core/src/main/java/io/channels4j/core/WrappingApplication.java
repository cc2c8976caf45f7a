package io.channels4j.core;

import java.util.Objects;

/**
 * An application made by a {@link Middleware}, as Channels' {@code BaseMiddleware}: it does its work, then
 * hands the connection on to the application it wraps, and prints as {@code Name(inner)}. Routers look
 * through it, so a router wrapped in middleware still nests like a router
 * ({@code path("api/", loginRequired.wrap(include(...)))} matches a prefix), which Channels marks with
 * {@code _path_routing}.
 * <pre>
 * public Application wrap(Application inner) {
 *     return new WrappingApplication("MyMiddleware", inner) {
 *         public ApplicationInstance open(Scope scope, Sender sender) { return inner().open(scope.with(KEY, v), sender); }
 *     };
 * }
 * </pre>
 */
public abstract class WrappingApplication implements Application {
    private final String name;
    private final Application inner;

    /** A wrapper named {@code name} (for {@code toString()}) that hands connections on to {@code inner}. */
    protected WrappingApplication(String name, Application inner) {
        this.name = Objects.requireNonNull(name, "name");
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** A wrapper that prints as the application it wraps: a step of a middleware that names itself elsewhere. */
    protected WrappingApplication(Application inner) {
        this.name = null;
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
        };
    }

    /** {@code Name(inner)}, so a router's table shows the middleware around each route. */
    @Override
    public String toString() {
        return name == null ? inner.toString() : name + "(" + inner + ")";
    }

    /** The innermost application under any number of wrappers. */
    public static Application unwrap(Application application) {
        Application found = application;
        while (found instanceof WrappingApplication wrapping) {
            found = wrapping.inner;
        }
        return found;
    }
}
