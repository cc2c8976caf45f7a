package io.channels4j.auth;

import io.channels4j.core.Application;
import io.channels4j.core.ApplicationInstance;
import io.channels4j.core.Middleware;
import io.channels4j.core.Scope;
import io.channels4j.core.ScopeKey;
import io.channels4j.core.Sender;
import io.channels4j.core.WrappingApplication;

/** Parses the {@code Cookie} headers into {@link Scope#cookies()}, as Channels' {@code CookieMiddleware}. */
public final class CookieMiddleware implements Middleware {
    /** Set once cookies are parsed, so the session middleware can tell "no cookies" from "no cookie middleware". */
    static final ScopeKey<Boolean> PARSED = ScopeKey.of("cookies parsed", Boolean.class, "wrap the application in CookieMiddleware");

    @Override
    public Application wrap(Application inner) {
        return new WrappingApplication("CookieMiddleware", inner) {
            @Override
            public ApplicationInstance open(Scope scope, Sender sender) {
                return inner.open(scope.withCookies(Cookies.parse(scope.headers().all("Cookie"))).with(PARSED, Boolean.TRUE), sender);
            }
        };
    }
}
