package io.channels4j.core;

/**
 * An application that wraps another: it may change the scope (with {@link Scope#with}), refuse the
 * connection, or watch the events in either direction. Undertow's {@code HandlerWrapper}, for channels4j.
 */
@FunctionalInterface
public interface Middleware {
    /** Returns {@code inner} wrapped by this middleware. */
    Application wrap(Application inner);
}
