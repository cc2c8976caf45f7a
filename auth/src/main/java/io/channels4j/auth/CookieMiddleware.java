package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;

/** Parses the {@code Cookie} headers into {@link Scope#COOKIES} (read with {@link Scope#cookies()}), as Channels' {@code CookieMiddleware}. */
public final class CookieMiddleware implements Middleware {
    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication("CookieMiddleware", inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                return inner.open(scope.with(Scope.COOKIES, Cookies.parse(scope.headers().all("Cookie"))), sender);
            }
        };
    }
}
