package io.channels4j.auth;

/**
 * The session cookie's {@code SameSite} attribute. {@link #LAX} (the default, as Django) sends it on
 * top-level navigations from other sites; {@link #STRICT} never from another site; {@link #NONE} always,
 * which browsers accept only on a {@code Secure} cookie.
 */
public enum SameSite {
    /** Sent on same-site requests and top-level navigations. */
    LAX("Lax"),
    /** Sent on same-site requests only. */
    STRICT("Strict"),
    /** Sent on every request; needs {@code Secure}. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute's value as written in {@code Set-Cookie}. */
    public String attribute() {
        return attribute;
    }
}
