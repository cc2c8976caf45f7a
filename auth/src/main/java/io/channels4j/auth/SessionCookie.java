package io.channels4j.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** How the session cookie is written: its name, age, SameSite, and whether it is always Secure. */
record SessionCookie(String name, Duration age, SameSite sameSite, boolean alwaysSecure, Clock clock) {
    SessionCookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(sameSite, "sameSite");
        Objects.requireNonNull(clock, "clock");
    }

    /** The {@code Set-Cookie} value that stores {@code value}; Secure over TLS, or always when configured. */
    String set(String value, boolean tls) {
        return Cookies.setCookie(name, value, age, clock.instant(), sameSite, alwaysSecure || tls);
    }

    /** The {@code Set-Cookie} value that deletes the cookie, with the attributes it was set with. */
    String delete(boolean tls) {
        return Cookies.deleteCookie(name, sameSite, alwaysSecure || tls);
    }
}
